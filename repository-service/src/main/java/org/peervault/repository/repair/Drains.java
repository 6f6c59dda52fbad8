package org.peervault.repository.repair;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Devices;

/**
 * Drains: an admin orders a peer emptied; repair copies its chunks elsewhere and, once every one
 * is at target without it, {@link #retire retires} it and orders its replicas deleted.
 */
@ApplicationScoped
public class Drains {
  private static final Logger LOG = Logger.getLogger(Drains.class);

  @Inject
  Devices devices;

  @Inject
  RepairStore store;

  @Inject
  PeerTaskStore tasks;

  /**
   * Starts draining a peer: from now on it gets no new replicas and its replicas stop counting,
   * so the next repair runs copy them elsewhere.
   *
   * @throws PeerVaultException NOT_FOUND for a device not in the organization;
   *     FAILED_PRECONDITION for a revoked device or a peer already draining or retired
   */
  @Transactional
  public Device drain(long organizationId, long deviceId) {
    Device device = devices.requireInOrganization(organizationId, deviceId);
    if (device.status == Device.Status.REVOKED) {
      throw PeerVaultException.precondition("device-revoked", "peer " + deviceId + " is"
          + " revoked: it serves nothing to drain; its replicas no longer count already");
    }
    switch (device.peerState) {
      case DRAINING -> throw PeerVaultException.precondition("peer-draining", "peer " + deviceId
          + " is already draining since " + device.drainStartedAt + "; follow it with GET"
          + " /api/repair");
      case RETIRED -> throw PeerVaultException.precondition("peer-retired", "peer " + deviceId
          + " was retired at " + device.retiredAt + "; there is nothing left to drain");
      case SERVING -> { }
    }
    device.peerState = Device.PeerState.DRAINING;
    device.drainStartedAt = Instant.now();
    LOG.infof("repair: drain started device=%d organization=%d name=\"%s\"", device.id,
        organizationId, device.name);
    return device;
  }

  /** Retires a drained peer and orders every replica it still has deleted. */
  @Transactional
  public void retire(Device device, Instant now) {
    device.peerState = Device.PeerState.RETIRED;
    device.retiredAt = now;
    List<RepairStore.Candidate> replicas = store.retireReplicas(device.id);
    tasks.insert(replicas.stream().map(c -> PeerTask.New.delete(device.organization.id,
        device.id, c.chunkId(), "drain", c.storedSizeBytes())).toList(), now);
    LOG.infof("repair: peer retired device=%d name=\"%s\" deletesOrdered=%d", device.id,
        device.name, replicas.size());
  }
}
