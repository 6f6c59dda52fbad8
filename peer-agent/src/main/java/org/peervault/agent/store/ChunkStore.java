package org.peervault.agent.store;

import java.util.Optional;
import java.util.OptionalLong;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;

/**
 * The sealed chunks a peer holds for others, within a quota. Implementations are thread-safe:
 * concurrent puts of different and of identical chunks are allowed, and the quota is never
 * exceeded by concurrent puts. Sizes are in bytes of sealed chunk data.
 *
 * <p>Contract (checked for every implementation by {@code ChunkStoreContract}):
 * <ul>
 *   <li>{@code put} verifies SHA-256(sealed) == id before storing anything;</li>
 *   <li>{@code put} of a chunk already held stores nothing, charges nothing and reports
 *       {@code alreadyPresent};</li>
 *   <li>a refused put (integrity, quota, I/O) leaves the store and its used bytes unchanged;</li>
 *   <li>{@code delete} returns the chunk's bytes to the quota and says how many.</li>
 * </ul>
 */
public interface ChunkStore {

  /**
   * Stores a sealed chunk.
   *
   * @throws ChunkIntegrityException when SHA-256(sealed) is not {@code id}; nothing stored
   * @throws QuotaExceededException when the chunk does not fit; nothing stored
   * @throws ChunkStoreException when the storage fails; nothing stored
   */
  PutResult put(ChunkId id, byte[] sealed);

  /**
   * The sealed bytes of a chunk, a fresh array, or empty when the store does not hold it. The
   * bytes are not re-verified here: the reader verifies them against the id.
   *
   * @throws ChunkStoreException when the storage fails
   */
  Optional<byte[]> get(ChunkId id);

  /**
   * Removes a chunk and returns its bytes to the quota.
   *
   * @return the bytes freed when the chunk was held and is now removed, empty when it was not held
   * @throws ChunkStoreException when the storage fails
   */
  OptionalLong delete(ChunkId id);

  /**
   * A batch of puts that become durable and visible together (see {@link StoreBatch}). This
   * default stages in memory and puts each chunk at the commit, removing the batch's new chunks
   * again when one fails; stores on disk make the whole batch durable with fewer syncs.
   */
  default StoreBatch batch() {
    return new StoreBatch() {
      private final java.util.Map<ChunkId, byte[]> staged = new java.util.LinkedHashMap<>();
      private long stagedBytes;

      @Override
      public void add(ChunkId id, byte[] sealed) {
        ChunkIntegrityException.check(id, sealed);
        if (!staged.containsKey(id)) {
          if (usedBytes() + stagedBytes + sealed.length > quotaBytes()) {
            throw new QuotaExceededException(usedBytes() + stagedBytes, quotaBytes(), sealed.length);
          }
          staged.put(id, sealed);
          stagedBytes += sealed.length;
        }
      }

      @Override
      public java.util.List<ChunkId> commit() {
        java.util.List<ChunkId> present = new java.util.ArrayList<>();
        java.util.List<ChunkId> added = new java.util.ArrayList<>();
        try {
          staged.forEach((id, sealed) -> (put(id, sealed).alreadyPresent() ? present : added).add(id));
        } catch (RuntimeException e) {
          added.forEach(ChunkStore.this::delete);
          throw e;
        } finally {
          staged.clear();
        }
        return present;
      }

      @Override
      public void abort() {
        staged.clear();
      }
    };
  }

  /** Whether the store holds the chunk. */
  boolean contains(ChunkId id);

  /** Bytes of sealed chunks held now. */
  long usedBytes();

  /** Bytes this store may hold in total. */
  long quotaBytes();
}
