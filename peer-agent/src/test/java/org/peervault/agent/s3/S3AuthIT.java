package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * SigV4 at the gateway: presigned URLs and their life, clock skew, unknown and revoked keys,
 * wrong secrets, unsigned headers, anonymous requests.
 */
class S3AuthIT {
  private static final String BUCKET = "auth";
  private static GatewayFixture fixture;
  private static S3Client s3;
  private static S3Presigner presigner;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
    s3 = fixture.pathClient();
    presigner = fixture.presigner();
    s3.createBucket(b -> b.bucket(BUCKET));
    s3.putObject(b -> b.bucket(BUCKET).key("doc.txt"), RequestBody.fromString("presigned!"));
  }

  @AfterAll
  static void stop() {
    presigner.close();
    s3.close();
    fixture.close();
  }

  @AfterEach
  void resetClock() {
    fixture.clock.shift(Duration.ZERO);
  }

  private static PresignedGetObjectRequest presignGet(Duration life) {
    return presigner.presignGetObject(p -> p.signatureDuration(life)
        .getObjectRequest(g -> g.bucket(BUCKET).key("doc.txt")));
  }

  private static HttpResponse<String> fetch(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String element(String xml, String name) {
    int start = xml.indexOf("<" + name + ">");
    int end = xml.indexOf("</" + name + ">");
    return start < 0 || end < 0 ? null : xml.substring(start + name.length() + 2, end);
  }

  @Test
  void presignedGetAndPutWork() throws Exception {
    HttpResponse<String> got = fetch(presignGet(Duration.ofMinutes(5)).url().toURI());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("presigned!");

    PresignedPutObjectRequest put = presigner.presignPutObject(p -> p
        .signatureDuration(Duration.ofMinutes(5))
        .putObjectRequest(r -> r.bucket(BUCKET).key("uploaded.txt")));
    HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(put.url().toURI())
        .PUT(HttpRequest.BodyPublishers.ofString("via url")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("uploaded.txt")).asUtf8String())
        .isEqualTo("via url");

    assertThat(fetch(presignGet(Duration.ofDays(7)).url().toURI()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void expiredPresignedUrlIsAccessDenied() throws Exception {
    URI uri = presignGet(Duration.ofSeconds(1)).url().toURI();
    fixture.clock.shift(Duration.ofSeconds(3));
    HttpResponse<String> refused = fetch(uri);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(element(refused.body(), "Code")).isEqualTo("AccessDenied");
    assertThat(element(refused.body(), "Message")).isEqualTo("Request has expired");
  }

  @Test
  void presignedUrlFromTheFutureIsAccessDenied() throws Exception {
    URI uri = presignGet(Duration.ofMinutes(5)).url().toURI();
    fixture.clock.shift(Duration.ofMinutes(-20));
    HttpResponse<String> refused = fetch(uri);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(element(refused.body(), "Code")).isEqualTo("AccessDenied");
  }

  @Test
  void presignExpiryOutsideOneSecondToSevenDaysIsRefused() throws Exception {
    String url = presignGet(Duration.ofMinutes(5)).url().toString();
    for (String expires : new String[] {"0", "604801", "-5", "soon"}) {
      URI changed = URI.create(url.replaceFirst("X-Amz-Expires=\\d+", "X-Amz-Expires="
          + expires));
      HttpResponse<String> refused = fetch(changed);
      assertThat(refused.statusCode()).as(expires).isEqualTo(400);
      assertThat(element(refused.body(), "Code")).isEqualTo(
          "AuthorizationQueryParametersError");
    }
  }

  @Test
  void tamperedPresignedUrlIsSignatureDoesNotMatch() throws Exception {
    String url = presignGet(Duration.ofMinutes(5)).url().toString();
    HttpResponse<String> refused = fetch(URI.create(url.replace("doc.txt", "other.txt")));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(element(refused.body(), "Code")).isEqualTo("SignatureDoesNotMatch");
  }

  @Test
  void clockSkewBeyondFifteenMinutesIsRequestTimeTooSkewed() {
    fixture.clock.shift(Duration.ofMinutes(16));
    SdkErrors.expect(() -> s3.headBucket(b -> b.bucket(BUCKET)), 403, null);
    var e = SdkErrors.expect(() -> s3.listObjectsV2(b -> b.bucket(BUCKET)), 403,
        "RequestTimeTooSkewed");
    assertThat(e.awsErrorDetails().errorMessage()).contains("too large");
    fixture.clock.shift(Duration.ofMinutes(-16));
    SdkErrors.expect(() -> s3.listObjectsV2(b -> b.bucket(BUCKET)), 403,
        "RequestTimeTooSkewed");
    fixture.clock.shift(Duration.ofMinutes(14));
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).isNotEmpty();
  }

  @Test
  void unknownAndRevokedKeysAreInvalidAccessKeyId() {
    try (S3Client stranger = fixture.client("AKIDUNKNOWN000000000", "whatever", true)) {
      SdkErrors.expect(() -> stranger.listBuckets(), 403, "InvalidAccessKeyId");
    }
    fixture.keys.add("PVREVOKED00000000001", "revoked-secret", GatewayFixture.PRINCIPAL);
    try (S3Client revoked = fixture.client("PVREVOKED00000000001", "revoked-secret", true)) {
      assertThat(revoked.listBuckets().buckets()).isNotEmpty();
      fixture.keys.revoke("PVREVOKED00000000001");
      SdkErrors.expect(() -> revoked.listBuckets(), 403, "InvalidAccessKeyId");
    }
  }

  @Test
  void wrongSecretIsSignatureDoesNotMatchAndStoresNothing() {
    try (S3Client wrong = fixture.client(GatewayFixture.ACCESS_KEY, "not-the-secret", true)) {
      SdkErrors.expect(() -> wrong.putObject(b -> b.bucket(BUCKET).key("forged"),
          RequestBody.fromString("x")), 403, "SignatureDoesNotMatch");
    }
    assertThat(fixture.store.list(GatewayFixture.PRINCIPAL, BUCKET, "forged", "", 1)).isEmpty();
  }

  @Test
  void anonymousRequestIsAccessDeniedWithMatchingRequestIds() throws Exception {
    HttpResponse<String> refused = fetch(URI.create(fixture.endpoint() + "/" + BUCKET
        + "/doc.txt"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(element(refused.body(), "Code")).isEqualTo("AccessDenied");
    assertThat(element(refused.body(), "Resource")).isEqualTo("/" + BUCKET + "/doc.txt");
    String requestId = refused.headers().firstValue("x-amz-request-id").orElseThrow();
    assertThat(element(refused.body(), "RequestId")).isEqualTo(requestId);
    assertThat(refused.headers().firstValue("x-amz-id-2")).isPresent();
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/xml");
  }

  @Test
  void headErrorHasNoBody() {
    RawS3 raw = new RawS3(fixture.port(), GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET);
    String path = "/" + BUCKET + "/missing";
    RawS3.Response response = raw.send("HEAD", path, raw.sign("HEAD", path, Map.of(),
        new byte[0], RawS3.Mode.SIGNED, null, Clock.systemUTC()));
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("x-amz-request-id")).isNotBlank();
    assertThat(response.header("Content-Length")).isEqualTo("0");
  }

  @Test
  void headerAddedAfterSigningIsRefused() {
    RawS3 raw = new RawS3(fixture.port(), GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET);
    String path = "/" + BUCKET + "/meta-injected";
    RawS3.Signed signed = raw.sign("PUT", path, Map.of(), "x".getBytes(), RawS3.Mode.SIGNED,
        null, Clock.systemUTC());
    Map<String, String> headers = new LinkedHashMap<>(signed.headers());
    headers.put("x-amz-meta-injected", "evil");
    RawS3.Response response = raw.send("PUT", path, headers, signed.wireBody());
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.element("Code")).isEqualTo("AccessDenied");
    assertThat(response.element("HeadersNotSigned")).isEqualTo("x-amz-meta-injected");
    assertThat(fixture.store.list(GatewayFixture.PRINCIPAL, BUCKET, "meta-injected", "", 1))
        .isEmpty();
  }

  @Test
  void wrongRegionIsAuthorizationHeaderMalformed() {
    try (S3Client elsewhere = S3Client.builder().endpointOverride(fixture.endpoint())
        .region(software.amazon.awssdk.regions.Region.EU_WEST_1).forcePathStyle(true)
        .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials
            .create(GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET)).build()) {
      var e = SdkErrors.expect(() -> elsewhere.listObjectsV2(b -> b.bucket(BUCKET)), 400,
          "AuthorizationHeaderMalformed");
      assertThat(e.awsErrorDetails().errorMessage()).contains("us-east-1");
    }
  }
}
