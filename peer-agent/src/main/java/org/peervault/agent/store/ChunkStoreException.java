package org.peervault.agent.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.peervault.agent.chunk.ChunkId;

/**
 * The chunk store could not do what was asked because of its storage: an I/O error (disk full,
 * permissions), or a directory that is not a chunk store of a version this agent reads. The
 * message names the operation, the chunk when there is one, the path, and what to do.
 */
public final class ChunkStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ChunkId chunkId;
  private final transient Path path;

  /**
   * @param chunkId the chunk concerned, or null when the failure is not about one chunk
   * @param path the file or directory that failed
   * @param message what failed and what to do
   * @param cause the underlying failure, or null
   */
  public ChunkStoreException(ChunkId chunkId, Path path, String message, Throwable cause) {
    super(message, cause);
    this.chunkId = chunkId;
    this.path = Objects.requireNonNull(path, "path");
  }

  /** The chunk concerned, if the failure is about one chunk. */
  public Optional<ChunkId> chunkId() {
    return Optional.ofNullable(chunkId);
  }

  /** The file or directory that failed. */
  public Path path() {
    return path;
  }
}
