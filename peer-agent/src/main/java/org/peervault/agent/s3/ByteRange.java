package org.peervault.agent.s3;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The byte range a GetObject asks for: {@code bytes=first-last}, {@code bytes=first-} or the
 * suffix {@code bytes=-length}, resolved against the object's size.
 *
 * @param offsetBytes the first byte
 * @param lengthBytes how many bytes
 * @param sizeBytes the object's size
 */
record ByteRange(long offsetBytes, long lengthBytes, long sizeBytes) {
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /**
   * The range of a Range header, or empty for the whole object (no header, or one S3 ignores:
   * several ranges or another unit).
   *
   * @throws S3Exception InvalidRange when the range starts past the end or is empty
   */
  static Optional<ByteRange> parse(Optional<String> header, long sizeBytes) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.get().strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || sizeBytes == 0) {
          throw invalid(header.get(), sizeBytes);
        }
        long length = Math.min(suffix, sizeBytes);
        return Optional.of(new ByteRange(sizeBytes - length, length, sizeBytes));
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? sizeBytes - 1 : Long.parseLong(m.group(2));
      if (first >= sizeBytes) {
        throw invalid(header.get(), sizeBytes);
      }
      if (last < first) {
        return Optional.empty();
      }
      last = Math.min(last, sizeBytes - 1);
      return Optional.of(new ByteRange(first, last - first + 1, sizeBytes));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The Content-Range header of a 206 answer. */
  String contentRange() {
    return "bytes " + offsetBytes + "-" + (offsetBytes + lengthBytes - 1) + "/" + sizeBytes;
  }

  private static S3Exception invalid(String header, long sizeBytes) {
    return S3Error.INVALID_RANGE.exception("The requested range \"" + header + "\" is not "
        + "satisfiable: the object has " + sizeBytes + " bytes")
        .with("RangeRequested", header)
        .with("ActualObjectSize", Long.toString(sizeBytes));
  }
}
