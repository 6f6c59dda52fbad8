package org.peervault.agent.chunk;

import java.util.Objects;

/**
 * The bytes presented as chunk {@code expected} hash to {@code actual} instead: corrupt on disk or
 * on the wire, or not the chunk that was asked for. Raised before any decryption and by the
 * peer-side store before anything is written.
 */
public final class ChunkIntegrityException extends ChunkException {

  private static final long serialVersionUID = 1L;

  private final transient ChunkId actual;

  /**
   * @param expected the id the bytes were supposed to have
   * @param actual the SHA-256 the bytes actually have
   */
  public ChunkIntegrityException(ChunkId expected, ChunkId actual) {
    super(expected, "chunk " + expected + " failed its integrity check: the bytes hash to "
        + Objects.requireNonNull(actual, "actual")
        + "; they are corrupt or not that chunk (fetch it from another replica)", null);
    this.actual = actual;
  }

  /**
   * Checks that {@code bytes} hash to {@code expected}.
   *
   * @throws ChunkIntegrityException when they do not
   */
  public static void check(ChunkId expected, byte[] bytes) {
    ChunkId actual = ChunkId.of(bytes);
    if (!actual.equals(expected)) {
      throw new ChunkIntegrityException(expected, actual);
    }
  }

  /** The id that was expected (same as {@link #chunkId()}). */
  public ChunkId expected() {
    return chunkId();
  }

  /** The SHA-256 of the bytes actually received. */
  public ChunkId actual() {
    return actual;
  }
}
