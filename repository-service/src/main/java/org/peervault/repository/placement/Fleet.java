package org.peervault.repository.placement;

import java.util.List;
import java.util.Set;

/**
 * The peers a placement may choose from, seen from the device that owns the chunks.
 *
 * @param ownerDeviceId the device backing up; never chosen
 * @param peers the organization's active devices (the owner may be among them)
 * @param excluded devices the owner failed to reach; never chosen
 * @param window the UTC hours in which the owner may need a restore
 * @param targetAvailability p_s of the owner's policy, in (0, 1)
 */
public record Fleet(long ownerDeviceId, List<Peer> peers, Set<Long> excluded, RestoreWindow window,
    double targetAvailability) {

  public Fleet {
    if (!(targetAvailability > 0 && targetAvailability < 1)) {
      throw new IllegalArgumentException("fleet: target availability must lie in (0, 1), got "
          + targetAvailability);
    }
    peers = List.copyOf(peers);
    excluded = Set.copyOf(excluded);
  }
}
