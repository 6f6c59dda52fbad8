package org.peervault.agent.seal;

import java.util.Arrays;
import java.util.Objects;
import org.peervault.agent.chunk.ChunkId;

/**
 * A chunk after sealing: its id, the sealed bytes in the format of {@link Sealer}, and the size
 * of the plaintext it holds. The caller owns {@code bytes}. Equality compares the bytes.
 *
 * @param id SHA-256 of {@code bytes}
 * @param bytes the sealed chunk (header, nonce, ciphertext, tag)
 * @param plainSize plaintext length in bytes, before compression
 */
public record SealedChunk(ChunkId id, byte[] bytes, int plainSize) {

  /** Checks non-null fields and a non-negative size. */
  public SealedChunk {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bytes, "bytes");
    if (plainSize < 0) {
      throw new IllegalArgumentException("plainSize must be >= 0, got " + plainSize);
    }
  }

  /** Length of the sealed bytes, i.e. what a peer stores, in bytes. */
  public int sealedSize() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedChunk other && id.equals(other.id) && plainSize == other.plainSize
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "SealedChunk[id=" + id.shortId() + ", sealedSize=" + bytes.length + ", plainSize="
        + plainSize + "]";
  }
}
