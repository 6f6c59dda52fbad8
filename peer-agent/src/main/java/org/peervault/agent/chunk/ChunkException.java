package org.peervault.agent.chunk;

import java.util.Objects;

/**
 * A chunk that cannot be used as it is: its bytes do not match its id, or (package {@code seal})
 * they cannot be opened. Unchecked, like every chunk failure; callers that fetch from several
 * replicas catch it and try the next one.
 */
public abstract class ChunkException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ChunkId chunkId;

  protected ChunkException(ChunkId chunkId, String message, Throwable cause) {
    super(message, cause);
    this.chunkId = Objects.requireNonNull(chunkId, "chunkId");
  }

  /** The chunk that failed (the one that was asked for). */
  public ChunkId chunkId() {
    return chunkId;
  }
}
