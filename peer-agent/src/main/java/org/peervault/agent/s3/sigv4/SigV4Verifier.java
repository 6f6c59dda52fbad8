package org.peervault.agent.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.peervault.agent.s3.S3Error;
import org.peervault.agent.s3.S3Exception;
import org.peervault.agent.s3.SigningKeys;
import org.peervault.agent.s3.SigningKeys.SigningKey;

/**
 * Checks a request's SigV4 signature, in its Authorization header or in a presigned URL's query,
 * with keys from {@link SigningKeys} (never a secret). Thread-safe.
 *
 * <p>Rules kept: requests more than 15 minutes away from the server's clock are refused
 * (RequestTimeTooSkewed); presigned URLs live 1 s to 7 days from their X-Amz-Date; the host and,
 * with header authentication, x-amz-content-sha256 and every other x-amz-* header present must be
 * signed.
 */
public final class SigV4Verifier {
  /** S3's limit on the distance between a request's time and the server's. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);
  /** The longest life of a presigned URL. */
  public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final SigningKeys keys;
  private final String region;

  public SigV4Verifier(SigningKeys keys, String region) {
    this.keys = keys;
    this.region = region;
  }

  /**
   * Verifies a request's signature.
   *
   * @throws S3Exception AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId,
   *     RequestTimeTooSkewed, AuthorizationHeaderMalformed, AuthorizationQueryParametersError...
   */
  public Authentication verify(SignedRequest request, Instant now) {
    Map<String, String> query = queryParams(request.rawQuery());
    Optional<String> header = request.header("authorization");
    boolean presigned = query.containsKey("X-Amz-Algorithm")
        || query.containsKey("X-Amz-Credential");
    if (header.isPresent() && presigned) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the "
              + "Authorization header should be specified");
    }
    if (presigned) {
      return verifyPresigned(request, query, now);
    }
    if (header.isEmpty() && (request.rawQuery().startsWith("AWSAccessKeyId=")
        || request.rawQuery().contains("&AWSAccessKeyId="))) {
      throw S3Error.INVALID_REQUEST.exception("SigV2 presigned URLs are not supported: "
          + "presign with SigV4 (aws CLI: s3 signature_version = s3v4)");
    }
    if (header.isEmpty()) {
      throw S3Error.ACCESS_DENIED.exception(
          "anonymous requests are refused: sign requests with an access key (SigV4)");
    }
    return verifyHeader(request, header.get(), now);
  }

  private Authentication verifyHeader(SignedRequest request, String authorization, Instant now) {
    S3Error malformed = S3Error.AUTHORIZATION_HEADER_MALFORMED;
    if (!authorization.startsWith(SigV4.ALGORITHM + " ")) {
      throw S3Error.INVALID_REQUEST.exception("the authorization mechanism \""
          + authorization.split(" ", 2)[0] + "\" is not supported; sign with "
          + SigV4.ALGORITHM);
    }
    Map<String, String> parts = new HashMap<>();
    for (String part : authorization.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
      String[] kv = part.strip().split("=", 2);
      if (kv.length == 2) {
        parts.put(kv[0], kv[1]);
      }
    }
    String credential = required(parts, "Credential", malformed);
    List<String> signedHeaders = signedHeaders(required(parts, "SignedHeaders", malformed),
        malformed);
    String signature = required(parts, "Signature", malformed);
    CredentialScope scope = CredentialScope.parse(credential, malformed);
    scope.requireRegionAndService(region, malformed);

    String amzDate = requestDate(request);
    Instant time = parseAmzDate(amzDate, S3Error.ACCESS_DENIED);
    requireScopeDate(scope, amzDate, malformed);
    if (Duration.between(time, now).abs().compareTo(MAX_SKEW) > 0) {
      throw S3Error.REQUEST_TIME_TOO_SKEWED.exception(
              "The difference between the request time and the current time is too large: "
                  + "check this machine's and the client's clocks")
          .with("RequestTime", amzDate)
          .with("ServerTime", SigV4.AMZ_DATE.format(now))
          .with("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
    }
    String contentSha = request.header("x-amz-content-sha256").orElseThrow(() ->
        S3Error.INVALID_REQUEST.exception(
            "Missing required header for this request: x-amz-content-sha256"));
    PayloadMode mode = payloadMode(contentSha);
    requireSigned(request, signedHeaders);

    SigningKey key = signingKey(scope);
    checkSignature(request, new Signed(scope, amzDate, signedHeaders, contentSha, signature,
        false), key);
    return new Authentication(key.principal(), mode,
        mode == PayloadMode.SIGNED ? Optional.of(contentSha) : Optional.empty(),
        mode.signedChunks()
            ? Optional.of(new ChunkSigner(key.key(), amzDate, scope.scope(), signature))
            : Optional.empty());
  }

  private Authentication verifyPresigned(SignedRequest request, Map<String, String> query,
      Instant now) {
    S3Error malformed = S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR;
    String algorithm = required(query, "X-Amz-Algorithm", malformed);
    if (!algorithm.equals(SigV4.ALGORITHM)) {
      throw malformed.exception("X-Amz-Algorithm only supports \"" + SigV4.ALGORITHM + "\"");
    }
    CredentialScope scope = CredentialScope.parse(required(query, "X-Amz-Credential", malformed),
        malformed);
    scope.requireRegionAndService(region, malformed);
    String amzDate = required(query, "X-Amz-Date", malformed);
    Instant time = parseAmzDate(amzDate, malformed);
    requireScopeDate(scope, amzDate, malformed);
    Duration expiry = presignExpiry(required(query, "X-Amz-Expires", malformed));
    List<String> signedHeaders = signedHeaders(required(query, "X-Amz-SignedHeaders",
        malformed), malformed);
    String signature = required(query, "X-Amz-Signature", malformed);
    if (time.minus(MAX_SKEW).isAfter(now)) {
      throw S3Error.ACCESS_DENIED.exception("Request is not valid yet: its X-Amz-Date "
          + amzDate + " is in the future");
    }
    if (now.isAfter(time.plus(expiry))) {
      throw S3Error.ACCESS_DENIED.exception("Request has expired")
          .with("X-Amz-Expires", Long.toString(expiry.toSeconds()))
          .with("Expires", SigV4.AMZ_DATE.format(time.plus(expiry)))
          .with("ServerTime", SigV4.AMZ_DATE.format(now));
    }
    String payloadHash = query.getOrDefault("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
    PayloadMode mode = payloadMode(payloadHash);
    if (mode.chunked()) {
      throw malformed.exception("a presigned URL cannot carry an aws-chunked body");
    }
    SigningKey key = signingKey(scope);
    checkSignature(request, new Signed(scope, amzDate, signedHeaders, payloadHash, signature,
        true), key);
    return new Authentication(key.principal(), mode,
        mode == PayloadMode.SIGNED ? Optional.of(payloadHash) : Optional.empty(),
        Optional.empty());
  }

  /** What a request says it signed. */
  private record Signed(CredentialScope scope, String amzDate, List<String> signedHeaders,
      String payloadHash, String signature, boolean presigned) {}

  private void checkSignature(SignedRequest request, Signed signed, SigningKey key) {
    String firstCanonical = null;
    String firstStringToSign = null;
    for (String uri : CanonicalRequest.uriCandidates(request.rawPath())) {
      String canonical = CanonicalRequest.of(request, uri, signed.signedHeaders(),
          signed.payloadHash(), signed.presigned());
      String stringToSign = CanonicalRequest.stringToSign(signed.amzDate(),
          signed.scope().scope(), canonical);
      if (MessageDigest.isEqual(SigV4.sign(key.key(), stringToSign)
          .getBytes(StandardCharsets.US_ASCII), signed.signature()
          .getBytes(StandardCharsets.US_ASCII))) {
        return;
      }
      if (firstCanonical == null) {
        firstCanonical = canonical;
        firstStringToSign = stringToSign;
      }
    }
    throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception()
        .with("AWSAccessKeyId", signed.scope().accessKeyId())
        .with("StringToSign", firstStringToSign)
        .with("SignatureProvided", signed.signature())
        .with("CanonicalRequest", firstCanonical);
  }

  private SigningKey signingKey(CredentialScope scope) {
    return keys.signingKey(scope.accessKeyId(), scope.date(), scope.region(), scope.service())
        .orElseThrow(() -> S3Error.INVALID_ACCESS_KEY_ID.exception()
            .with("AWSAccessKeyId", scope.accessKeyId()));
  }

  private static PayloadMode payloadMode(String contentSha) {
    switch (contentSha) {
      case "UNSIGNED-PAYLOAD":
        return PayloadMode.UNSIGNED;
      case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD":
        return PayloadMode.STREAMING_SIGNED;
      case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER":
        return PayloadMode.STREAMING_SIGNED_TRAILER;
      case "STREAMING-UNSIGNED-PAYLOAD-TRAILER":
        return PayloadMode.STREAMING_UNSIGNED_TRAILER;
      case "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
          "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER":
        throw S3Error.NOT_IMPLEMENTED.exception("SigV4a (ECDSA) signed payloads are not "
            + "supported; sign with " + SigV4.ALGORITHM);
      default:
        if (HEX_SHA256.matcher(contentSha).matches()) {
          return PayloadMode.SIGNED;
        }
        throw S3Error.INVALID_ARGUMENT.exception("x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
            + "a STREAMING-* value or the lower-case hex SHA-256 of the body, not \""
            + contentSha + "\"");
    }
  }

  private static void requireSigned(SignedRequest request, List<String> signedHeaders) {
    List<String> unsigned = request.headers().keySet().stream()
        .filter(name -> name.startsWith("x-amz-") && !signedHeaders.contains(name))
        .sorted()
        .toList();
    if (!unsigned.isEmpty()) {
      throw S3Error.ACCESS_DENIED.exception(
              "There were headers present in the request which were not signed")
          .with("HeadersNotSigned", String.join(", ", unsigned));
    }
  }

  private static List<String> signedHeaders(String list, S3Error malformed) {
    List<String> names = Arrays.asList(list.split(";"));
    if (!names.contains("host")) {
      throw malformed.exception("SignedHeaders \"" + list + "\" must include host");
    }
    return names;
  }

  private static String requestDate(SignedRequest request) {
    Optional<String> amzDate = request.header("x-amz-date");
    if (amzDate.isPresent()) {
      return amzDate.get();
    }
    String date = request.header("date").orElseThrow(() -> S3Error.ACCESS_DENIED.exception(
        "AWS authentication requires a valid Date or x-amz-date header"));
    try {
      return SigV4.AMZ_DATE.format(HTTP_DATE.parse(date, Instant::from));
    } catch (DateTimeParseException e) {
      throw S3Error.ACCESS_DENIED.exception(
          "AWS authentication requires a valid Date or x-amz-date header");
    }
  }

  private static Instant parseAmzDate(String amzDate, S3Error error) {
    try {
      return SigV4.AMZ_DATE.parse(amzDate, Instant::from);
    } catch (DateTimeParseException e) {
      throw error.exception("the request time \"" + amzDate
          + "\" is not of the form YYYYMMDD'T'HHMMSS'Z'");
    }
  }

  private static void requireScopeDate(CredentialScope scope, String amzDate, S3Error error) {
    if (!amzDate.startsWith(SigV4.SCOPE_DATE.format(scope.date()))) {
      throw error.exception("Invalid credential date \"" + SigV4.SCOPE_DATE.format(scope.date())
          + "\": it is not the date of the request time " + amzDate);
    }
  }

  private static Duration presignExpiry(String value) {
    long seconds;
    try {
      seconds = Long.parseLong(value);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_PRESIGN_EXPIRY.toSeconds()) {
      throw S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR.exception("X-Amz-Expires \"" + value
          + "\" must be between 1 and " + MAX_PRESIGN_EXPIRY.toSeconds()
          + " seconds (one week)");
    }
    return Duration.ofSeconds(seconds);
  }

  private static String required(Map<String, String> parts, String name, S3Error error) {
    String value = parts.get(name);
    if (value == null || value.isEmpty()) {
      throw error.exception("the signature lacks " + name);
    }
    return value;
  }

  private static Map<String, String> queryParams(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String part : rawQuery.split("&")) {
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      if (name.startsWith("X-Amz-")) {
        params.put(name, SigV4.percentDecode(eq < 0 ? "" : part.substring(eq + 1)));
      }
    }
    return params;
  }
}
