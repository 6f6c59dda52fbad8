package org.peervault.repository.placement;

import java.util.List;
import java.util.Set;

/**
 * The peers a placement may choose from, seen from the device that owns the chunks.
 *
 * @param ownerDeviceId the device backing up; never chosen
 * @param peers the organization's active devices (the owner may be among them)
 * @param excluded devices the owner failed to reach; never chosen
 */
public record Fleet(long ownerDeviceId, List<Peer> peers, Set<Long> excluded) {}
