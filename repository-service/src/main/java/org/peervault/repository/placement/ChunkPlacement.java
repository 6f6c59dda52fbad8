package org.peervault.repository.placement;

import java.util.List;

/**
 * Peers chosen for one chunk, in order of preference: live peers that already hold it, then the
 * peers added to reach the target, then spares. The first {@code requiredReplicas} are to be
 * used; with them (and with holders that are not live right now but still count) the chunk's
 * availability over the owner's restore window is {@code achievedAvailability}.
 *
 * @param achievedAvailability the lowest, over the hours of the restore window, of
 *     {@code 1 - prod(1 - p_i(h))} for the peers to use and every holder
 * @param targetAvailability the p_s it was placed for
 */
public record ChunkPlacement(String chunkId, int requiredReplicas, List<Peer> peers,
    double achievedAvailability, double targetAvailability) {

  public ChunkPlacement {
    peers = List.copyOf(peers);
  }

  /** Whether the placement falls short of the target (the best the fleet allowed). */
  public boolean belowTarget() {
    return achievedAvailability < targetAvailability;
  }
}
