package org.peervault.agent.s3.sigv4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.peervault.agent.s3.S3Error;
import org.peervault.agent.s3.S3Exception;

/**
 * Decodes an {@code aws-chunked} body: {@code hex-size[;chunk-signature=sig]\r\n data \r\n}
 * chunks, a zero-size last chunk, then optional trailer lines ({@code name:value\r\n}, with
 * {@code x-amz-trailer-signature} when signed) and an empty line.
 *
 * <p>With a {@link ChunkSigner} every chunk's signature is checked as soon as its data has been
 * read, and the trailer's before end of stream is reported; any fault throws a
 * {@link BodyRejectedException} so that nothing is stored. Holds at most one line in memory
 * besides the caller's buffer. Not thread-safe.
 */
public final class AwsChunkedInputStream extends InputStream {
  private static final int MAX_LINE_BYTES = 4096;
  private static final int MAX_TRAILER_LINES = 16;
  private static final String SIGNATURE_EXT = "chunk-signature=";
  private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

  private final InputStream in;
  private final Optional<ChunkSigner> signer;
  private final boolean trailerExpected;
  private final Map<String, String> trailers = new LinkedHashMap<>();
  private long chunkRemaining;
  private String chunkSignature;
  private MessageDigest chunkDigest;
  private boolean done;

  /**
   * @param in the raw body
   * @param signer the chunk signatures' source, or empty for unsigned chunks
   * @param trailerExpected true when trailer lines follow the last chunk
   */
  public AwsChunkedInputStream(InputStream in, Optional<ChunkSigner> signer,
      boolean trailerExpected) {
    this.in = in;
    this.signer = signer;
    this.trailerExpected = trailerExpected;
  }

  /** The trailers read (lower-case names), complete once this stream reported its end. */
  public Map<String, String> trailers() {
    return Map.copyOf(trailers);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!done && chunkRemaining == 0) {
      nextChunk();
    }
    if (done) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, chunkRemaining));
    if (n < 0) {
      throw reject(S3Error.INCOMPLETE_BODY, "the aws-chunked body ended inside a chunk");
    }
    if (chunkDigest != null) {
      chunkDigest.update(buffer, offset, n);
    }
    chunkRemaining -= n;
    if (chunkRemaining == 0) {
      endChunk();
    }
    return n;
  }

  private void nextChunk() throws IOException {
    String header = readLine();
    if (header == null) {
      throw reject(S3Error.INCOMPLETE_BODY, "the aws-chunked body ended before its last chunk");
    }
    int semi = header.indexOf(';');
    String sizeText = (semi < 0 ? header : header.substring(0, semi)).strip();
    long size;
    try {
      size = Long.parseLong(sizeText, 16);
    } catch (NumberFormatException e) {
      throw reject(S3Error.INVALID_REQUEST, "bad aws-chunked chunk header \"" + header + "\"");
    }
    if (size < 0) {
      throw reject(S3Error.INVALID_REQUEST, "negative aws-chunked chunk size");
    }
    chunkSignature = null;
    if (semi >= 0) {
      String ext = header.substring(semi + 1).strip();
      if (ext.startsWith(SIGNATURE_EXT)) {
        chunkSignature = ext.substring(SIGNATURE_EXT.length());
      }
    }
    if (signer.isPresent() && chunkSignature == null) {
      throw reject(S3Error.SIGNATURE_DOES_NOT_MATCH, "an aws-chunked chunk lacks its "
          + "chunk-signature although the body is declared signed");
    }
    chunkDigest = signer.isPresent() ? SigV4.sha256() : null;
    chunkRemaining = size;
    if (size == 0) {
      checkChunkSignature();
      finish();
    }
  }

  private void endChunk() throws IOException {
    checkChunkSignature();
    String rest = readLine();
    if (rest == null) {
      throw reject(S3Error.INCOMPLETE_BODY, "the aws-chunked body ended after a chunk's data");
    }
    if (!rest.isEmpty()) {
      throw reject(S3Error.INVALID_REQUEST, "an aws-chunked chunk is longer than its size");
    }
  }

  private void checkChunkSignature() throws BodyRejectedException {
    if (signer.isEmpty()) {
      return;
    }
    String expected = signer.get().nextChunk(SigV4.hex(chunkDigest.digest()));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        chunkSignature.getBytes(StandardCharsets.US_ASCII))) {
      throw reject(S3Error.SIGNATURE_DOES_NOT_MATCH,
          "an aws-chunked chunk's signature does not match its data");
    }
  }

  private void finish() throws IOException {
    String trailerSignature = null;
    StringBuilder canonical = new StringBuilder();
    for (int lines = 0; ; lines++) {
      String line = readLine();
      if (line == null || line.isEmpty()) {
        break;
      }
      if (!trailerExpected || lines >= MAX_TRAILER_LINES) {
        throw reject(S3Error.INVALID_REQUEST, "unexpected trailer \"" + line
            + "\" after the last aws-chunked chunk");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw reject(S3Error.INVALID_REQUEST, "bad aws-chunked trailer line \"" + line + "\"");
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      if (name.equals(TRAILER_SIGNATURE)) {
        trailerSignature = value;
      } else {
        trailers.put(name, value);
        canonical.append(name).append(':').append(value).append('\n');
      }
    }
    if (signer.isPresent() && trailerExpected) {
      if (trailerSignature == null) {
        throw reject(S3Error.SIGNATURE_DOES_NOT_MATCH, "the signed aws-chunked body lacks "
            + "x-amz-trailer-signature");
      }
      String expected = signer.get().trailer(canonical.toString());
      if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
          trailerSignature.getBytes(StandardCharsets.US_ASCII))) {
        throw reject(S3Error.SIGNATURE_DOES_NOT_MATCH,
            "the aws-chunked trailer's signature does not match its checksums");
      }
    }
    done = true;
  }

  /** A CRLF-terminated line without its terminator, or null at end of stream before any byte. */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw reject(S3Error.INCOMPLETE_BODY, "the aws-chunked body ended inside a line");
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      if (line.size() >= MAX_LINE_BYTES) {
        throw reject(S3Error.INVALID_REQUEST, "an aws-chunked line is longer than "
            + MAX_LINE_BYTES + " bytes");
      }
      line.write(b);
    }
  }

  private static BodyRejectedException reject(S3Error error, String message) {
    return new BodyRejectedException(new S3Exception(error, message));
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
