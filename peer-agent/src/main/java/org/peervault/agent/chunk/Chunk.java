package org.peervault.agent.chunk;

import java.util.Arrays;
import java.util.Objects;

/**
 * One plaintext chunk cut by the {@link Chunker}. {@code data} is a fresh array of exactly the
 * chunk's length that the caller owns (the chunker keeps no reference to it). Equality compares
 * the offset and the bytes.
 *
 * @param offset position of the first byte in the input stream, in bytes (a long: files may
 *     exceed 4 GiB)
 * @param data the chunk's bytes
 */
public record Chunk(long offset, byte[] data) {

  /** Checks offset &gt;= 0 and data non-null. */
  public Chunk {
    if (offset < 0) {
      throw new IllegalArgumentException("chunk offset must be >= 0, got " + offset);
    }
    Objects.requireNonNull(data, "data");
  }

  /** Length of the chunk in bytes. */
  public int length() {
    return data.length;
  }

  /** Offset just past the chunk's last byte. */
  public long end() {
    return offset + data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Chunk other && offset == other.offset && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(offset) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Chunk[offset=" + offset + ", length=" + data.length + "]";
  }
}
