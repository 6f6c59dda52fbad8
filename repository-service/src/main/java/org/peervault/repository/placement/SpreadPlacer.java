package org.peervault.repository.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places chunks by failure-domain spread and free space, with a fixed replica count.
 *
 * <p>For each chunk: peers that already hold it come first (they cost nothing); then, one at a
 * time, the peer whose site is not yet used, then whose subnet is not yet used, then with the
 * most free bytes (ties: lowest device id). It proposes up to {@code required + spares} peers and
 * fails when fewer than {@code required} qualify. Space proposed for one chunk is subtracted
 * before the next. Pure, deterministic, thread-safe.
 */
public final class SpreadPlacer implements Placer {
  private final int required;
  private final int spares;

  /**
   * Creates a placer.
   *
   * @param required replicas each chunk needs (at least 1)
   * @param spares extra peers to propose (at least 0)
   */
  public SpreadPlacer(int required, int spares) {
    if (required < 1 || spares < 0) {
      throw new IllegalArgumentException("required must be >= 1 and spares >= 0, got "
          + required + " and " + spares);
    }
    this.required = required;
    this.spares = spares;
  }

  @Override
  public List<ChunkPlacement> place(Fleet fleet, List<ChunkDemand> chunks) {
    Map<Long, Long> free = new HashMap<>();
    for (Peer p : fleet.peers()) {
      free.put(p.deviceId(), p.freeBytes());
    }
    List<ChunkPlacement> result = new ArrayList<>(chunks.size());
    for (ChunkDemand chunk : chunks) {
      List<Peer> chosen = choose(fleet, chunk, free);
      for (Peer p : chosen) {
        if (!chunk.holders().contains(p.deviceId())) {
          free.merge(p.deviceId(), -chunk.storedSizeBytes(), Long::sum);
        }
      }
      result.add(new ChunkPlacement(chunk.chunkId(), required, List.copyOf(chosen)));
    }
    return result;
  }

  private List<Peer> choose(Fleet fleet, ChunkDemand chunk, Map<Long, Long> free) {
    int registered = 0;
    int excluded = 0;
    int notLive = 0;
    int full = 0;
    List<Peer> holders = new ArrayList<>();
    List<Peer> others = new ArrayList<>();
    for (Peer p : fleet.peers()) {
      if (p.deviceId() == fleet.ownerDeviceId()) {
        continue;
      }
      registered++;
      boolean holds = chunk.holders().contains(p.deviceId());
      if (fleet.excluded().contains(p.deviceId())) {
        excluded++;
      } else if (!p.live()) {
        notLive++;
      } else if (holds) {
        holders.add(p);
      } else if (free.get(p.deviceId()) < chunk.storedSizeBytes()) {
        full++;
      } else {
        others.add(p);
      }
    }
    int eligible = holders.size() + others.size();
    if (eligible < required) {
      throw new PlacementException(chunk.chunkId(), chunk.storedSizeBytes(), required, eligible,
          registered, excluded, notLive, full);
    }
    Comparator<Peer> roomiest = Comparator.<Peer>comparingLong(p -> -free.get(p.deviceId()))
        .thenComparingLong(Peer::deviceId);
    holders.sort(roomiest);
    List<Peer> chosen = new ArrayList<>(holders);
    Set<String> sites = new HashSet<>();
    Set<String> subnets = new HashSet<>();
    holders.forEach(p -> {
      sites.add(p.site());
      subnets.add(p.subnet());
    });
    int wanted = required + spares;
    while (chosen.size() < wanted && !others.isEmpty()) {
      Comparator<Peer> spread = Comparator.<Peer>comparingInt(p -> sites.contains(p.site()) ? 1 : 0)
          .thenComparingInt(p -> subnets.contains(p.subnet()) ? 1 : 0)
          .thenComparing(roomiest);
      Peer best = others.stream().min(spread).orElseThrow();
      others.remove(best);
      chosen.add(best);
      sites.add(best.site());
      subnets.add(best.subnet());
    }
    return chosen.size() > wanted ? chosen.subList(0, wanted) : chosen;
  }
}
