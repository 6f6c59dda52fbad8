package org.peervault.agent.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peervault.agent.objects.ObjectStore.Principal;
import org.peervault.agent.s3.S3Error;
import org.peervault.agent.s3.S3Exception;
import org.peervault.agent.s3.SigningKeys;
import org.peervault.agent.s3.TestSigningKeys;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 canonicalisation and verification: AWS's published S3 examples, and requests signed by
 * the AWS SDK's own signer (odd keys, query strings, presigned URLs) checked by the verifier.
 */
class SigV4VerifierTest {
  // The example credentials of AWS's S3 SigV4 documentation.
  private static final String DOC_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Principal PRINCIPAL = new Principal(1, 2, DOC_KEY);
  private static final SigningKeys KEYS = new TestSigningKeys().add(DOC_KEY, DOC_SECRET,
      PRINCIPAL);
  private static final Instant DOC_TIME = Instant.parse("2013-05-24T00:00:00Z");

  private static Map<String, List<String>> headers(String... pairs) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.computeIfAbsent(pairs[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(pairs[i + 1]);
    }
    return headers;
  }

  /**
   * AWS S3 API reference, "Signature Calculations for the Authorization Header", GET Object
   * (signed with range bytes=0-9).
   */
  private static SignedRequest documentedGetObject(String range) {
    return new SignedRequest("GET", "/test.txt", "", headers(
        "Host", "examplebucket.s3.amazonaws.com",
        "Range", range,
        "x-amz-content-sha256", SigV4.EMPTY_SHA256,
        "x-amz-date", "20130524T000000Z",
        "Authorization", "AWS4-HMAC-SHA256 Credential=" + DOC_KEY
            + "/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;"
            + "x-amz-content-sha256;x-amz-date,Signature="
            + "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
  }

  @Test
  void awsDocumentedGetObjectExampleVerifies() {
    SignedRequest request = documentedGetObject("bytes=0-9");

    Authentication auth = new SigV4Verifier(KEYS, "us-east-1").verify(request, DOC_TIME);

    assertThat(auth.principal()).isEqualTo(PRINCIPAL);
    assertThat(auth.payloadMode()).isEqualTo(PayloadMode.SIGNED);
    assertThat(auth.payloadSha256Hex()).hasValue(SigV4.EMPTY_SHA256);
  }

  @Test
  void awsDocumentedSigningKeyDerivation() {
    // AWS's "Examples of how to derive a signing key for Signature Version 4".
    byte[] key = TestSigningKeys.derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        LocalDate.of(2012, 2, 15), "us-east-1", "iam");
    assertThat(SigV4.hex(key))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }

  @Test
  void oneChangedByteOfTheRequestFailsTheSignature() {
    SignedRequest request = documentedGetObject("bytes=0-8");

    S3Exception e = catchThrowableOfType(S3Exception.class,
        () -> new SigV4Verifier(KEYS, "us-east-1").verify(request, DOC_TIME));

    assertThat(e.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertThat(e.details().get("CanonicalRequest")).contains("range:bytes=0-8");
  }

  @Test
  void canonicalQuerySortsAndEncodesParameters() {
    assertThat(CanonicalRequest.canonicalQuery("prefix=a%20b&list-type=2&delimiter=%2F&x",
        false)).isEqualTo("delimiter=%2F&list-type=2&prefix=a%20b&x=");
    assertThat(CanonicalRequest.canonicalQuery("b=2&a=z&a=y", false))
        .isEqualTo("a=y&a=z&b=2");
    assertThat(CanonicalRequest.canonicalQuery("X-Amz-Signature=abc&uploads", true))
        .isEqualTo("uploads=");
  }

  @Test
  void uriCandidatesEncodeEachByteOnceKeepingSlashes() {
    assertThat(CanonicalRequest.uriCandidates("/b/a%20b/%E2%82%AC~x"))
        .containsExactly("/b/a%20b/%E2%82%AC~x");
    assertThat(CanonicalRequest.uriCandidates("/b/a+b!")).containsExactly("/b/a%2Bb%21",
        "/b/a+b!");
    assertThat(CanonicalRequest.uriCandidates("")).containsExactly("/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/bucket/plain", "/bucket/a b/c+d", "/bucket/ünï/ключ",
      "/bucket/semi;colon=eq&amp$@!'()*,", "/bucket//double/../dot", "/bucket/%2F"})
  void requestsSignedByTheSdkVerify(String path) {
    String encodedPath = "/" + String.join("/", java.util.Arrays.stream(path.substring(1)
        .split("/", -1)).map(s -> SigV4.uriEncode(s, false)).toList());
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(DOC_KEY, DOC_SECRET))
        .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
            .uri(URI.create("http://127.0.0.1:9000" + encodedPath
                + "?prefix=a%20b&max-keys=5&list-type=2"))
            .putHeader("x-amz-meta-note", "  spaced   value ")
            .build())
        .payload(ContentStreamProvider.fromUtf8String(""))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();

    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
    SignedRequest request = new SignedRequest("GET", signed.encodedPath(),
        signed.encodedQueryParameters().orElse(""), headers);

    Authentication auth = new SigV4Verifier(KEYS, "us-east-1").verify(request,
        clock.instant());
    assertThat(auth.principal()).isEqualTo(PRINCIPAL);
  }

  @Test
  void presignedUrlSignedByTheSdkVerifiesUntilItExpires() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(DOC_KEY, DOC_SECRET))
        .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
            .uri(URI.create("http://127.0.0.1:9000/bucket/a%20key")).build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation
            .QUERY_STRING)
        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, java.time.Duration.ofSeconds(60))
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    signed.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
    SignedRequest request = new SignedRequest("GET", signed.encodedPath(),
        signed.encodedQueryParameters().orElseThrow(), headers);
    SigV4Verifier verifier = new SigV4Verifier(KEYS, "us-east-1");

    assertThat(verifier.verify(request, clock.instant().plusSeconds(59)).payloadMode())
        .isEqualTo(PayloadMode.UNSIGNED);
    S3Exception expired = catchThrowableOfType(S3Exception.class,
        () -> verifier.verify(request, clock.instant().plusSeconds(61)));
    assertThat(expired.error()).isEqualTo(S3Error.ACCESS_DENIED);
    assertThat(expired.getMessage()).isEqualTo("Request has expired");
  }

  @Test
  void skewIsMeasuredBothWays() {
    SignedRequest request = documentedGetObject("bytes=0-9");
    SigV4Verifier verifier = new SigV4Verifier(KEYS, "us-east-1");
    assertThat(verifier.verify(request, DOC_TIME.plusSeconds(15 * 60))).isNotNull();
    assertThat(verifier.verify(request, DOC_TIME.minusSeconds(15 * 60))).isNotNull();
    for (long seconds : new long[] {15 * 60 + 1, -(15 * 60 + 1)}) {
      S3Exception e = catchThrowableOfType(S3Exception.class,
          () -> verifier.verify(request, DOC_TIME.plusSeconds(seconds)));
      assertThat(e.error()).isEqualTo(S3Error.REQUEST_TIME_TOO_SKEWED);
      assertThat(e.details()).containsEntry("RequestTime", "20130524T000000Z");
    }
  }

  @Test
  void unknownAccessKeyIsInvalidAccessKeyId() {
    SigningKeys none = (id, date, region, service) -> Optional.empty();
    SignedRequest request = new SignedRequest("GET", "/", "", headers(
        "Host", "h", "x-amz-content-sha256", SigV4.EMPTY_SHA256,
        "x-amz-date", "20130524T000000Z",
        "Authorization", "AWS4-HMAC-SHA256 Credential=NOPE/20130524/us-east-1/s3/"
            + "aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=00"));
    S3Exception e = catchThrowableOfType(S3Exception.class,
        () -> new SigV4Verifier(none, "us-east-1").verify(request, DOC_TIME));
    assertThat(e.error()).isEqualTo(S3Error.INVALID_ACCESS_KEY_ID);
  }

  @Test
  void malformedAuthorizationsAreRefusedBeforeAnyKeyLookup() {
    SigningKeys failing = (id, date, region, service) -> {
      throw new AssertionError("no key lookup for a malformed request");
    };
    SigV4Verifier verifier = new SigV4Verifier(failing, "us-east-1");
    String base = "AWS4-HMAC-SHA256 Credential=K/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host;x-amz-date,Signature=00";
    Map<String, S3Error> cases = Map.of(
        "AWS AKID:signature", S3Error.INVALID_REQUEST,
        base.replace("Credential=K/20130524/us-east-1/s3/aws4_request",
            "Credential=K/2013/us-east-1/s3"), S3Error.AUTHORIZATION_HEADER_MALFORMED,
        base.replace("SignedHeaders=host;", "SignedHeaders="),
        S3Error.AUTHORIZATION_HEADER_MALFORMED,
        base.replace("us-east-1", "eu-west-1"), S3Error.AUTHORIZATION_HEADER_MALFORMED,
        base.replace("20130524", "20130525"), S3Error.AUTHORIZATION_HEADER_MALFORMED);
    cases.forEach((authorization, error) -> {
      SignedRequest request = new SignedRequest("GET", "/", "", headers("Host", "h",
          "x-amz-content-sha256", SigV4.EMPTY_SHA256, "x-amz-date", "20130524T000000Z",
          "Authorization", authorization));
      S3Exception e = catchThrowableOfType(S3Exception.class,
          () -> verifier.verify(request, DOC_TIME));
      assertThat(e.error()).as(authorization).isEqualTo(error);
    });
  }
}
