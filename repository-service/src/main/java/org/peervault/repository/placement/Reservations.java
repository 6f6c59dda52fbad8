package org.peervault.repository.placement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
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
  /** Reserved bytes per device, kept up to date with {@code byChunk}. */
  private final Map<Long, Long> totals = new HashMap<>();
  /** Every reservation made, by expiry; those already ended are skipped when they come up. */
  private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparing(Expiry::at));

  private record Reservation(long bytes, Instant expiresAt) {}

  private record Expiry(Instant at, String chunkId, long device, Reservation reservation) {}

  /**
   * Reserved bytes per device at {@code now}, leaving out reservations of these chunks. Costs
   * the expired reservations plus the excepted chunks, not every reservation.
   */
  public synchronized Map<Long, Long> reservedBytes(Instant now, Collection<String> except) {
    while (!expiries.isEmpty() && !expiries.peek().at().isAfter(now)) {
      Expiry e = expiries.poll();
      Map<Long, Reservation> chunk = byChunk.get(e.chunkId());
      if (chunk != null && chunk.remove(e.device(), e.reservation())) {
        subtract(e.device(), e.reservation().bytes());
        if (chunk.isEmpty()) {
          byChunk.remove(e.chunkId());
        }
      }
    }
    Map<Long, Long> result = new HashMap<>(totals);
    for (String chunkId : except) {
      Map<Long, Reservation> chunk = byChunk.get(chunkId);
      if (chunk != null) {
        chunk.forEach((device, r) -> result.merge(device, -r.bytes(), Long::sum));
      }
    }
    result.values().removeIf(bytes -> bytes == 0);
    return result;
  }

  /** Replaces the reservations of a chunk by these (device to bytes). */
  public synchronized void reserve(String chunkId, Map<Long, Long> bytesByDevice,
      Instant expiresAt) {
    end(chunkId);
    if (bytesByDevice.isEmpty()) {
      return;
    }
    Map<Long, Reservation> reservations = new HashMap<>();
    bytesByDevice.forEach((device, bytes) -> {
      Reservation r = new Reservation(bytes, expiresAt);
      reservations.put(device, r);
      totals.merge(device, bytes, Long::sum);
      expiries.add(new Expiry(expiresAt, chunkId, device, r));
    });
    byChunk.put(chunkId, reservations);
  }

  /** Ends the reservations of chunks. */
  public synchronized void release(Collection<String> chunkIds) {
    chunkIds.forEach(this::end);
  }

  private void end(String chunkId) {
    Map<Long, Reservation> old = byChunk.remove(chunkId);
    if (old != null) {
      old.forEach((device, r) -> subtract(device, r.bytes()));
    }
  }

  private void subtract(long device, long bytes) {
    totals.computeIfPresent(device, (d, total) -> total - bytes == 0 ? null : total - bytes);
  }

  void onConfirmed(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReplicasConfirmed event) {
    release(event.holdersByChunk().keySet());
  }
}
