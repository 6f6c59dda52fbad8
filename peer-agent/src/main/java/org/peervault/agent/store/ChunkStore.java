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

  /** Whether the store holds the chunk. */
  boolean contains(ChunkId id);

  /** Bytes of sealed chunks held now. */
  long usedBytes();

  /** Bytes this store may hold in total. */
  long quotaBytes();
}
