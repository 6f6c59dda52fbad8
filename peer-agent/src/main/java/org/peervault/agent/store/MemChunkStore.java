package org.peervault.agent.store;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;

/**
 * A {@link ChunkStore} in memory, for tests and in-process peers. Keeps its own copies of the
 * bytes. Thread-safe.
 */
public final class MemChunkStore implements ChunkStore {

  private final ConcurrentMap<ChunkId, byte[]> chunks = new ConcurrentHashMap<>();
  private final QuotaLedger ledger;

  /** An empty store that may hold {@code quotaBytes} bytes. */
  public MemChunkStore(long quotaBytes) {
    this.ledger = new QuotaLedger(quotaBytes, 0);
  }

  @Override
  public PutResult put(ChunkId id, byte[] sealed) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sealed, "sealed");
    ChunkIntegrityException.check(id, sealed);
    boolean[] created = {false};
    // computeIfAbsent runs at most once per absent key, atomically: identical concurrent puts
    // charge the quota once; a QuotaExceededException from reserve leaves no mapping.
    chunks.computeIfAbsent(id, key -> {
      ledger.reserve(sealed.length);
      created[0] = true;
      return sealed.clone();
    });
    return new PutResult(!created[0], ledger.usedBytes());
  }

  @Override
  public Optional<byte[]> get(ChunkId id) {
    byte[] sealed = chunks.get(Objects.requireNonNull(id, "id"));
    return sealed == null ? Optional.empty() : Optional.of(sealed.clone());
  }

  @Override
  public OptionalLong delete(ChunkId id) {
    byte[] removed = chunks.remove(Objects.requireNonNull(id, "id"));
    if (removed == null) {
      return OptionalLong.empty();
    }
    ledger.release(removed.length);
    return OptionalLong.of(removed.length);
  }

  @Override
  public boolean contains(ChunkId id) {
    return chunks.containsKey(Objects.requireNonNull(id, "id"));
  }

  @Override
  public long usedBytes() {
    return ledger.usedBytes();
  }

  @Override
  public long quotaBytes() {
    return ledger.quotaBytes();
  }
}
