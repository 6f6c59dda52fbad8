package org.peervault.agent.s3.sigv4;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.peervault.agent.s3.S3Error;
import org.peervault.agent.s3.S3Exception;

/**
 * A request body as the store reads it: decoded from aws-chunked when it is, and checked against
 * everything the request declared about it (length, x-amz-content-sha256, Content-MD5,
 * x-amz-checksum-* headers and trailers). The checks run while the bytes stream through; a
 * mismatch throws at end of stream so that the store commits nothing, and is remembered in
 * {@link #failure()} for the error answer. Not thread-safe: one per request.
 */
public final class RequestBody {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final InputStream stream;
  private final long lengthBytes;
  private S3Exception failure;

  private RequestBody(InputStream raw, Authentication auth, SignedRequest request) {
    long contentLength = longHeader(request, "content-length");
    if (auth.payloadMode().chunked()) {
      lengthBytes = longHeader(request, "x-amz-decoded-content-length");
      if (lengthBytes < 0) {
        throw S3Error.MISSING_CONTENT_LENGTH.exception("an aws-chunked body needs "
            + "x-amz-decoded-content-length, the length of the data it carries");
      }
      AwsChunkedInputStream chunks = new AwsChunkedInputStream(
          new BufferedInputStream(raw, BUFFER_BYTES), auth.chunkSigner(),
          auth.payloadMode().trailer());
      stream = new Verifying(chunks, checks(auth, request, chunks));
    } else {
      lengthBytes = contentLength;
      stream = new Verifying(raw, checks(auth, request, null));
    }
  }

  /**
   * The checked body of a request.
   *
   * @throws S3Exception before any byte is read when a declared checksum is malformed
   *     (InvalidDigest, InvalidRequest) or the decoded length is missing
   */
  public static RequestBody of(InputStream raw, Authentication auth, SignedRequest request) {
    return new RequestBody(raw, auth, request);
  }

  /** The stream to hand to the store. */
  public InputStream stream() {
    return stream;
  }

  /** The length of the (decoded) body in bytes, or -1 when the request did not declare it. */
  public long lengthBytes() {
    return lengthBytes;
  }

  /** Why the body was refused, once it was. */
  public Optional<S3Exception> failure() {
    return Optional.ofNullable(failure);
  }

  private List<Check> checks(Authentication auth, SignedRequest request,
      AwsChunkedInputStream chunks) {
    List<Check> checks = new ArrayList<>();
    auth.payloadSha256Hex().ifPresent(hex -> checks.add(new Check(ChecksumAlgorithm.SHA256,
        () -> Optional.of(HexFormat.of().parseHex(hex)), S3Error.X_AMZ_CONTENT_SHA256_MISMATCH,
        "the body's SHA-256 is not the x-amz-content-sha256 header's")));
    for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
      Optional<String> header = request.header(algorithm.header());
      if (header.isPresent()) {
        byte[] expected = decode(algorithm, header.get());
        checks.add(checkOf(algorithm, () -> Optional.of(expected)));
      }
    }
    request.header("x-amz-checksum-crc64nvme").ifPresent(v -> {
      throw S3Error.NOT_IMPLEMENTED.exception("the CRC64NVME checksum is not supported; use "
          + "CRC32, CRC32C, SHA1 or SHA256");
    });
    Optional<String> trailer = request.header("x-amz-trailer");
    if (trailer.isPresent()) {
      if (chunks == null || !auth.payloadMode().trailer()) {
        throw S3Error.INVALID_REQUEST.exception("x-amz-trailer needs an aws-chunked body "
            + "with a trailer (x-amz-content-sha256: STREAMING-...-TRAILER)");
      }
      for (String name : trailer.get().split(",")) {
        ChecksumAlgorithm algorithm = ChecksumAlgorithm.ofHeader(name.strip())
            .filter(a -> a != ChecksumAlgorithm.MD5)
            .orElseThrow(() -> S3Error.INVALID_REQUEST.exception("the trailer \"" + name.strip()
                + "\" is not supported; use x-amz-checksum-crc32, -crc32c, -sha1 or -sha256"));
        checks.add(checkOf(algorithm, () -> {
          String value = chunks.trailers().get(algorithm.header());
          if (value == null) {
            throw S3Error.INVALID_REQUEST.exception("the body lacks the trailer "
                + algorithm.header() + " that x-amz-trailer announced");
          }
          return Optional.of(decode(algorithm, value));
        }));
      }
    }
    return checks;
  }

  private static Check checkOf(ChecksumAlgorithm algorithm, Supplier<Optional<byte[]>> expected) {
    String name = algorithm == ChecksumAlgorithm.MD5 ? "Content-MD5" : algorithm.name();
    return new Check(algorithm, expected, S3Error.BAD_DIGEST,
        "The " + name + " you specified did not match the calculated checksum");
  }

  private static byte[] decode(ChecksumAlgorithm algorithm, String base64) {
    try {
      byte[] value = Base64.getDecoder().decode(base64.strip());
      if (value.length == algorithm.lengthBytes()) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    if (algorithm == ChecksumAlgorithm.MD5) {
      throw S3Error.INVALID_DIGEST.exception("Content-MD5 \"" + base64
          + "\" is not the base64 of a 16-byte MD5");
    }
    throw S3Error.INVALID_REQUEST.exception("Value for " + algorithm.header()
        + " header is invalid: expected the base64 of " + algorithm.lengthBytes() + " bytes");
  }

  private static long longHeader(SignedRequest request, String name) {
    Optional<String> value = request.header(name);
    if (value.isEmpty()) {
      return -1;
    }
    try {
      long parsed = Long.parseLong(value.get().strip());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw S3Error.INVALID_ARGUMENT.exception(name + " \"" + value.get()
        + "\" is not a number of bytes");
  }

  /** One comparison made at end of stream. */
  private record Check(ChecksumAlgorithm algorithm, Supplier<Optional<byte[]>> expected,
      S3Error error, String message) {}

  /** Feeds every byte to the checks' hashers; runs the checks at end of stream. */
  private final class Verifying extends FilterInputStream {
    private final List<Check> checks;
    private final List<ChecksumAlgorithm.Hasher> hashers = new ArrayList<>();
    private long readBytes;
    private boolean checked;

    Verifying(InputStream in, List<Check> checks) {
      super(in);
      this.checks = checks;
      for (Check check : checks) {
        hashers.add(check.algorithm().newHasher());
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (failure != null) {
        throw new BodyRejectedException(failure);
      }
      int n;
      try {
        n = in.read(buffer, offset, length);
      } catch (BodyRejectedException e) {
        failure = e.reason();
        throw e;
      }
      if (n < 0) {
        atEnd();
        return n;
      }
      for (ChecksumAlgorithm.Hasher hasher : hashers) {
        hasher.update(buffer, offset, n);
      }
      readBytes += n;
      if (lengthBytes >= 0 && readBytes > lengthBytes) {
        throw fail(new S3Exception(S3Error.INVALID_REQUEST, "the body is longer than its "
            + "declared length of " + lengthBytes + " bytes"));
      }
      return n;
    }

    @Override
    public long skip(long n) {
      return 0;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void atEnd() throws BodyRejectedException {
      if (checked) {
        return;
      }
      checked = true;
      if (lengthBytes >= 0 && readBytes != lengthBytes) {
        throw fail(new S3Exception(S3Error.INCOMPLETE_BODY, "the body has " + readBytes
            + " bytes where " + lengthBytes + " were declared"));
      }
      for (int i = 0; i < checks.size(); i++) {
        Check check = checks.get(i);
        byte[] expected;
        try {
          expected = check.expected().get().orElseThrow();
        } catch (S3Exception e) {
          throw fail(e);
        }
        if (!MessageDigest.isEqual(expected, hashers.get(i).result())) {
          throw fail(new S3Exception(check.error(), check.message()));
        }
      }
    }

    private BodyRejectedException fail(S3Exception reason) {
      failure = reason;
      return new BodyRejectedException(reason);
    }
  }
}
