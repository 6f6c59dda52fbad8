package org.peervault.agent.s3.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.peervault.agent.objects.ObjectStore.Principal;
import org.peervault.agent.s3.S3Error;
import org.peervault.agent.s3.TestSigningKeys;

/**
 * The aws-chunked decoder: AWS's published streaming example, and every way a body can be
 * wrong (a bad chunk signature, a cut body, a bad trailer checksum) failing before end of stream
 * is reported.
 */
class AwsChunkedInputStreamTest {
  private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String DATE = "20130524T000000Z";
  private static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
  private static final String SEED =
      "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  private static final byte[] KEY = TestSigningKeys.derive(SECRET,
      java.time.LocalDate.of(2013, 5, 24), "us-east-1", "s3");

  /** AWS S3 API reference, "Signature Calculations ... Transferring Payload in Multiple Chunks". */
  private static byte[] awsExampleBody() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    chunk(body, 65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
    chunk(body, 1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
    body.writeBytes(("0;chunk-signature="
        + "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream body, int size, String signature) {
    body.writeBytes((Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) 'a');
    body.writeBytes(data);
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static AwsChunkedInputStream signed(byte[] body) {
    return new AwsChunkedInputStream(new ByteArrayInputStream(body),
        Optional.of(new ChunkSigner(KEY, DATE, SCOPE, SEED)), false);
  }

  @Test
  void awsDocumentedSeedSignatureVerifies() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String[][] pairs = {{"content-encoding", "aws-chunked"}, {"content-length", "66824"},
        {"host", "s3.amazonaws.com"},
        {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
        {"x-amz-date", DATE}, {"x-amz-decoded-content-length", "66560"},
        {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
        {"authorization", "AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/" + SCOPE
            + ",SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;"
            + "x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=" + SEED}};
    for (String[] pair : pairs) {
      headers.put(pair[0], List.of(pair[1]));
    }
    SignedRequest request = new SignedRequest("PUT", "/examplebucket/chunkObject.txt", "",
        headers);
    Authentication auth = new SigV4Verifier(new TestSigningKeys().add(KEY_ID, SECRET,
        new Principal(1, 1, KEY_ID)), "us-east-1").verify(request,
        Instant.parse("2013-05-24T00:00:00Z"));
    assertThat(auth.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
    assertThat(auth.chunkSigner()).isPresent();
  }

  @Test
  void awsDocumentedChunksDecode() throws IOException {
    byte[] decoded = signed(awsExampleBody()).readAllBytes();
    assertThat(decoded).hasSize(66560);
    byte[] expected = new byte[66560];
    Arrays.fill(expected, (byte) 'a');
    assertThat(decoded).isEqualTo(expected);
  }

  @Test
  void changedChunkDataFailsItsSignature() {
    byte[] body = awsExampleBody();
    body[1000] = 'b';
    BodyRejectedException e = catchThrowableOfType(BodyRejectedException.class,
        () -> signed(body).readAllBytes());
    assertThat(e.reason().error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void droppedChunkBreaksTheChain() {
    byte[] body = awsExampleBody();
    // Without the first chunk, the second's signature no longer follows the seed.
    int second = 65536 + 90;
    byte[] rest = Arrays.copyOfRange(body, indexOf(body, "400;chunk-signature", second - 200),
        body.length);
    BodyRejectedException e = catchThrowableOfType(BodyRejectedException.class,
        () -> signed(rest).readAllBytes());
    assertThat(e.reason().error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void cutBodyIsIncomplete() {
    byte[] body = awsExampleBody();
    for (int cut : new int[] {10, 50_000, 65536 + 86, body.length - 3}) {
      byte[] part = Arrays.copyOf(body, cut);
      BodyRejectedException e = catchThrowableOfType(BodyRejectedException.class,
          () -> signed(part).readAllBytes());
      assertThat(e.reason().error()).as("cut at " + cut).isEqualTo(S3Error.INCOMPLETE_BODY);
    }
  }

  @Test
  void missingChunkSignatureIsRefusedWhenSigned() {
    byte[] body = "5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    BodyRejectedException e = catchThrowableOfType(BodyRejectedException.class,
        () -> signed(body).readAllBytes());
    assertThat(e.reason().error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void unsignedChunksWithTrailerDecodeAndExposeTheTrailer() throws IOException {
    byte[] body = ("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:"
        + crc32("hello world") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body),
        Optional.empty(), true);
    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("hello world");
    assertThat(in.trailers()).containsEntry("x-amz-checksum-crc32", crc32("hello world"));
  }

  @Test
  void badTrailerChecksumFailsTheBodyAtItsEnd() throws IOException {
    byte[] body = ("b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:" + crc32("other")
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    RequestBody checked = unsignedTrailerBody(body, Map.of(
        "x-amz-decoded-content-length", List.of("11"),
        "x-amz-trailer", List.of("x-amz-checksum-crc32")));
    InputStream stream = checked.stream();
    byte[] first = stream.readNBytes(11);
    assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("hello world");
    BodyRejectedException e = catchThrowableOfType(BodyRejectedException.class, stream::read);
    assertThat(e.reason().error()).isEqualTo(S3Error.BAD_DIGEST);
    assertThat(checked.failure()).isPresent();
  }

  @Test
  void trailerAnnouncedButMissingIsRefused() {
    byte[] body = "b\r\nhello world\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    RequestBody checked = unsignedTrailerBody(body, Map.of(
        "x-amz-decoded-content-length", List.of("11"),
        "x-amz-trailer", List.of("x-amz-checksum-sha256")));
    BodyRejectedException e = catchThrowableOfType(BodyRejectedException.class,
        () -> checked.stream().readAllBytes());
    assertThat(e.reason().error()).isEqualTo(S3Error.INVALID_REQUEST);
  }

  @Test
  void decodedLengthMustMatch() {
    byte[] body = "5\r\nhello\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    RequestBody checked = unsignedTrailerBody(body, Map.of(
        "x-amz-decoded-content-length", List.of("6")));
    BodyRejectedException e = catchThrowableOfType(BodyRejectedException.class,
        () -> checked.stream().readAllBytes());
    assertThat(e.reason().error()).isEqualTo(S3Error.INCOMPLETE_BODY);
  }

  private static RequestBody unsignedTrailerBody(byte[] body,
      Map<String, List<String>> headers) {
    return RequestBody.of(new ByteArrayInputStream(body),
        new Authentication(new Principal(1, 1, "k"), PayloadMode.STREAMING_UNSIGNED_TRAILER,
            Optional.empty(), Optional.empty()),
        new SignedRequest("PUT", "/b/k", "", headers));
  }

  private static String crc32(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.US_ASCII));
    return Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4)
        .putInt((int) crc.getValue()).array());
  }

  private static int indexOf(byte[] haystack, String needle, int from) {
    String text = new String(haystack, StandardCharsets.ISO_8859_1);
    int at = text.indexOf(needle, from);
    assertThat(at).isGreaterThanOrEqualTo(0);
    return at;
  }

}
