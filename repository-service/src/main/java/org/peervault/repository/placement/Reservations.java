package org.peervault.repository.placement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.peervault.repository.catalog.ReplicasConfirmed;

/**
 * Space promised on peers to chunks that were placed but not yet confirmed, so that concurrent
 * backups never get more than a peer's quota between placement and confirmation.
 *
 * <p>A reservation ends when its chunk is confirmed (its confirmed replicas then count through
 * the replica table) or when it expires. In memory and per instance: with several instances,
 * each accounts only for its own placements (a shared store is a later issue). Thread-safe.
 */
@ApplicationScoped
public class Reservations {
  private final Map<String, Map<Long, Reservation>> byChunk = new HashMap<>();

  private record Reservation(long bytes, Instant expiresAt) {}

  /** Reserved bytes per device at {@code now}, leaving out reservations of these chunks. */
  public synchronized Map<Long, Long> reservedBytes(Instant now, Collection<String> except) {
    Map<Long, Long> result = new HashMap<>();
    Iterator<Map.Entry<String, Map<Long, Reservation>>> chunks = byChunk.entrySet().iterator();
    while (chunks.hasNext()) {
      Map.Entry<String, Map<Long, Reservation>> chunk = chunks.next();
      chunk.getValue().values().removeIf(r -> !r.expiresAt().isAfter(now));
      if (chunk.getValue().isEmpty()) {
        chunks.remove();
      } else if (!except.contains(chunk.getKey())) {
        chunk.getValue().forEach((device, r) -> result.merge(device, r.bytes(), Long::sum));
      }
    }
    return result;
  }

  /** Replaces the reservations of a chunk by these (device to bytes). */
  public synchronized void reserve(String chunkId, Map<Long, Long> bytesByDevice,
      Instant expiresAt) {
    if (bytesByDevice.isEmpty()) {
      byChunk.remove(chunkId);
      return;
    }
    Map<Long, Reservation> reservations = new HashMap<>();
    bytesByDevice.forEach((device, bytes) -> reservations.put(device,
        new Reservation(bytes, expiresAt)));
    byChunk.put(chunkId, reservations);
  }

  /** Ends the reservations of chunks. */
  public synchronized void release(Collection<String> chunkIds) {
    chunkIds.forEach(byChunk::remove);
  }

  void onConfirmed(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReplicasConfirmed event) {
    release(event.holdersByChunk().keySet());
  }
}
