package org.peervault.agent.store;

import java.util.List;
import org.peervault.agent.chunk.ChunkId;

/**
 * Many chunks stored as one unit, as a peer receives them in one call: each {@link #add} verifies
 * and stages a chunk (its quota reserved), {@link #commit} makes every staged chunk durable and
 * visible at once, {@link #abort} drops them and returns their quota. Until the commit, no staged
 * chunk is visible to {@code get} or {@code contains}. Used by one thread; not reusable.
 */
public interface StoreBatch extends AutoCloseable {

  /**
   * Verifies and stages a chunk.
   *
   * @throws org.peervault.agent.chunk.ChunkIntegrityException when SHA-256(sealed) is not {@code id}
   * @throws QuotaExceededException when the chunk does not fit beside those already staged
   * @throws ChunkStoreException when staging fails
   */
  void add(ChunkId id, byte[] sealed);

  /**
   * Makes every staged chunk durable and visible; returns those the store already held (stored
   * and charged once).
   *
   * @throws ChunkStoreException when the storage fails; then none of the batch's new chunks stay
   */
  List<ChunkId> commit();

  /** Drops what is staged and not committed, and returns its quota. Safe to call after commit. */
  void abort();

  @Override
  default void close() {
    abort();
  }
}
