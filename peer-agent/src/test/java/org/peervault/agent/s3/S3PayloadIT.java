package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peervault.agent.s3.RawS3.Mode;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every way a body can be protected, sent over a socket as the SDK's own signer frames it: the
 * stored bytes are exactly the payload, and a tampered, cut or mis-summed body is refused with
 * the right error and leaves nothing stored.
 */
class S3PayloadIT {
  private static final String BUCKET = "payloads";
  private static GatewayFixture fixture;
  private static RawS3 raw;
  private static S3Client s3;
  private static final byte[] PAYLOAD = new byte[300_000];

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
    raw = new RawS3(fixture.port(), GatewayFixture.ACCESS_KEY, GatewayFixture.SECRET);
    s3 = fixture.pathClient();
    s3.createBucket(b -> b.bucket(BUCKET));
    new Random(7).nextBytes(PAYLOAD);
  }

  @AfterAll
  static void stop() {
    s3.close();
    fixture.close();
  }

  private static RawS3.Signed signPut(String key, Mode mode, ChecksumAlgorithm checksum) {
    return raw.sign("PUT", "/" + BUCKET + "/" + key, Map.of(), PAYLOAD, mode, checksum,
        Clock.systemUTC());
  }

  private static byte[] stored(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
  }

  private static boolean exists(String key) {
    return fixture.store.list(GatewayFixture.PRINCIPAL, BUCKET, key, "", 1).stream()
        .anyMatch(o -> o.key().equals(key));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void everyPayloadModeStoresExactlyThePayload(Mode mode) {
    ChecksumAlgorithm checksum = mode == Mode.STREAMING_SIGNED_TRAILER
        || mode == Mode.STREAMING_UNSIGNED_TRAILER ? DefaultChecksumAlgorithm.CRC32C : null;
    String key = "mode-" + mode;
    RawS3.Signed signed = signPut(key, mode, checksum);
    assertThat(signed.headers().get("x-amz-content-sha256")).isEqualTo(switch (mode) {
      case SIGNED -> hex(sha256(PAYLOAD));
      case UNSIGNED -> "UNSIGNED-PAYLOAD";
      case STREAMING_SIGNED -> "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
      case STREAMING_SIGNED_TRAILER -> "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
      case STREAMING_UNSIGNED_TRAILER -> "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    });

    RawS3.Response response = raw.send("PUT", "/" + BUCKET + "/" + key, signed);

    assertThat(response.status()).as(response.text()).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("\"" + hex(md5(PAYLOAD)) + "\"");
    assertThat(stored(key)).isEqualTo(PAYLOAD);
  }

  @ParameterizedTest
  @EnumSource(names = {"CRC32", "CRC32C", "SHA1", "SHA256"})
  void everyChecksumIsVerifiedInHeaderAndTrailer(DefaultChecksumAlgorithmName name) {
    ChecksumAlgorithm algorithm = DefaultChecksumAlgorithm.fromValue(name.name());
    for (Mode mode : new Mode[] {Mode.SIGNED, Mode.STREAMING_SIGNED_TRAILER,
        Mode.STREAMING_UNSIGNED_TRAILER}) {
      String key = "sum-" + name + "-" + mode;
      RawS3.Response response = raw.send("PUT", "/" + BUCKET + "/" + key,
          signPut(key, mode, algorithm));
      assertThat(response.status()).as(mode + " " + response.text()).isEqualTo(200);
      assertThat(stored(key)).isEqualTo(PAYLOAD);
    }
  }

  /** The checksum names, as an enum JUnit can list. */
  enum DefaultChecksumAlgorithmName { CRC32, CRC32C, SHA1, SHA256 }

  @Test
  void tamperedSignedChunkIsSignatureDoesNotMatchAndStoresNothing() {
    RawS3.Signed signed = signPut("tampered-chunk", Mode.STREAMING_SIGNED, null);
    byte[] wire = signed.wireBody().clone();
    wire[wire.length / 2] ^= 1;

    RawS3.Response response = raw.send("PUT", "/" + BUCKET + "/tampered-chunk",
        signed.headers(), wire);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.element("Code")).isEqualTo("SignatureDoesNotMatch");
    assertThat(exists("tampered-chunk")).isFalse();
  }

  @Test
  void cutChunkedBodyIsIncompleteBodyAndStoresNothing() {
    RawS3.Signed signed = signPut("cut", Mode.STREAMING_SIGNED_TRAILER,
        DefaultChecksumAlgorithm.CRC32);
    byte[] cut = Arrays.copyOf(signed.wireBody(), signed.wireBody().length / 2);

    RawS3.Response response = raw.sendCut("PUT", "/" + BUCKET + "/cut", signed.headers(), cut);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.element("Code")).isEqualTo("IncompleteBody");
    assertThat(exists("cut")).isFalse();
  }

  @Test
  void wrongTrailerChecksumIsBadDigestAndStoresNothing() {
    RawS3.Signed signed = signPut("bad-trailer", Mode.STREAMING_UNSIGNED_TRAILER,
        DefaultChecksumAlgorithm.CRC32);
    String wire = new String(signed.wireBody(), StandardCharsets.ISO_8859_1);
    String forged = wire.replaceFirst("x-amz-checksum-crc32:[A-Za-z0-9+/=]+",
        "x-amz-checksum-crc32:AAAAAA==");
    assertThat(forged).isNotEqualTo(wire);

    RawS3.Response response = raw.send("PUT", "/" + BUCKET + "/bad-trailer",
        signed.headers(), forged.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.element("Code")).isEqualTo("BadDigest");
    assertThat(exists("bad-trailer")).isFalse();
  }

  @Test
  void forgedSignedTrailerIsSignatureDoesNotMatch() {
    RawS3.Signed signed = signPut("forged-trailer", Mode.STREAMING_SIGNED_TRAILER,
        DefaultChecksumAlgorithm.CRC32);
    String wire = new String(signed.wireBody(), StandardCharsets.ISO_8859_1);
    String forged = wire.replaceFirst("x-amz-checksum-crc32:[A-Za-z0-9+/=]+",
        "x-amz-checksum-crc32:AAAAAA==");

    RawS3.Response response = raw.send("PUT", "/" + BUCKET + "/forged-trailer",
        signed.headers(), forged.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.element("Code")).isEqualTo("SignatureDoesNotMatch");
    assertThat(exists("forged-trailer")).isFalse();
  }

  @Test
  void bodyNotMatchingSignedSha256IsXAmzContentSha256MismatchAndStoresNothing() {
    RawS3.Signed signed = signPut("sha-mismatch", Mode.SIGNED, null);
    byte[] wire = signed.wireBody().clone();
    wire[0] ^= 1;

    RawS3.Response response = raw.send("PUT", "/" + BUCKET + "/sha-mismatch",
        signed.headers(), wire);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.element("Code")).isEqualTo("XAmzContentSHA256Mismatch");
    assertThat(exists("sha-mismatch")).isFalse();
  }

  @Test
  void contentMd5IsVerified() {
    String good = Base64.getEncoder().encodeToString(md5(PAYLOAD));
    String wrong = Base64.getEncoder().encodeToString(md5(new byte[1]));
    RawS3.Response ok = raw.send("PUT", "/" + BUCKET + "/md5-good", raw.sign("PUT",
        "/" + BUCKET + "/md5-good", Map.of("Content-MD5", good), PAYLOAD, Mode.UNSIGNED, null,
        Clock.systemUTC()));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);

    RawS3.Response bad = raw.send("PUT", "/" + BUCKET + "/md5-bad", raw.sign("PUT",
        "/" + BUCKET + "/md5-bad", Map.of("Content-MD5", wrong), PAYLOAD, Mode.UNSIGNED, null,
        Clock.systemUTC()));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.element("Code")).isEqualTo("BadDigest");
    assertThat(exists("md5-bad")).isFalse();

    RawS3.Response malformed = raw.send("PUT", "/" + BUCKET + "/md5-malformed", raw.sign(
        "PUT", "/" + BUCKET + "/md5-malformed", Map.of("Content-MD5", "not-md5"), PAYLOAD,
        Mode.UNSIGNED, null, Clock.systemUTC()));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.element("Code")).isEqualTo("InvalidDigest");
    assertThat(exists("md5-malformed")).isFalse();
  }

  @Test
  void clientSendingARefusedBodyWithoutExpectStillReadsTheError() {
    // Refused before its body is read (malformed Content-MD5); 4 MiB outgrow the socket
    // buffers, so the answer arrives only if the gateway reads the rest of the body.
    byte[] body = new byte[4 * 1024 * 1024];
    for (int round = 0; round < 3; round++) {
      RawS3.Response refused = raw.send("PUT", "/" + BUCKET + "/refused-early", raw.sign("PUT",
          "/" + BUCKET + "/refused-early", Map.of("Content-MD5", "bm90LW1kNQ=="), body,
          Mode.UNSIGNED, null, Clock.systemUTC()));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.element("Code")).isEqualTo("InvalidDigest");
    }
    assertThat(exists("refused-early")).isFalse();
  }

  @Test
  void wrongChecksumHeaderIsBadDigest() {
    String wrong = Base64.getEncoder().encodeToString(new byte[4]);
    RawS3.Response bad = raw.send("PUT", "/" + BUCKET + "/crc-bad", raw.sign("PUT",
        "/" + BUCKET + "/crc-bad", Map.of("x-amz-checksum-crc32c", wrong), PAYLOAD,
        Mode.UNSIGNED, null, Clock.systemUTC()));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.element("Code")).isEqualTo("BadDigest");
    assertThat(exists("crc-bad")).isFalse();
  }

  @Test
  void putWithoutLengthIsMissingContentLength() {
    RawS3.Signed signed = raw.sign("PUT", "/" + BUCKET + "/no-length", Map.of(), new byte[0],
        Mode.UNSIGNED, null, Clock.systemUTC(), false);
    Map<String, String> headers = new LinkedHashMap<>(signed.headers());
    headers.remove("Content-Length");
    headers.put("Transfer-Encoding", "chunked");
    byte[] chunked = ("5\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    RawS3.Response response = raw.send("PUT", "/" + BUCKET + "/no-length", headers, chunked);

    assertThat(response.status()).isEqualTo(411);
    assertThat(response.element("Code")).isEqualTo("MissingContentLength");
    assertThat(exists("no-length")).isFalse();
  }

  @Test
  void expectContinueSendsContinueBeforeTheBodyAndRefusalsWithout() throws Exception {
    RawS3.Signed signed = signPut("continued", Mode.UNSIGNED, null);
    Map<String, String> headers = new LinkedHashMap<>(signed.headers());
    headers.put("Expect", "100-continue");
    try (Socket socket = new Socket("127.0.0.1", fixture.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(RawS3.head("PUT", "/" + BUCKET + "/continued", headers));
      out.flush();
      assertThat(RawS3.line(in)).startsWith("HTTP/1.1 100");
      assertThat(RawS3.line(in)).isEmpty();
      out.write(signed.wireBody());
      out.flush();
      assertThat(RawS3.read(in, false).status()).isEqualTo(200);
    }
    assertThat(stored("continued")).isEqualTo(PAYLOAD);

    RawS3.Signed missing = raw.sign("PUT", "/no-such-bucket/k", Map.of(), PAYLOAD,
        Mode.UNSIGNED, null, Clock.systemUTC());
    Map<String, String> missingHeaders = new LinkedHashMap<>(missing.headers());
    missingHeaders.put("Expect", "100-continue");
    try (Socket socket = new Socket("127.0.0.1", fixture.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(RawS3.head("PUT", "/no-such-bucket/k", missingHeaders));
      socket.getOutputStream().flush();
      RawS3.Response refused = RawS3.read(socket.getInputStream(), false);
      assertThat(refused.status()).isEqualTo(404);
      assertThat(refused.element("Code")).isEqualTo("NoSuchBucket");
    }
  }

  static byte[] sha256(byte[] bytes) {
    return digest("SHA-256", bytes);
  }

  static byte[] md5(byte[] bytes) {
    return digest("MD5", bytes);
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
