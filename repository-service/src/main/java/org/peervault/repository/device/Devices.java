package org.peervault.repository.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;

/** Device lifecycle after enrollment: heartbeats, and resolving devices within an organization. */
@ApplicationScoped
public class Devices {
  private static final Logger LOG = Logger.getLogger(Devices.class);
  private static final int MAX_ADDRESS_CHARS = 300;

  @Inject
  DeviceStore store;

  /**
   * Records that the caller is alive.
   *
   * @param peerAddress new {@code host:port}, or empty to keep the registered one
   * @return the server time of the heartbeat
   */
  @Transactional
  public Instant heartbeat(Caller caller, String peerAddress, long quotaBytes, long usedBytes) {
    checkBytes("quota_bytes", quotaBytes);
    checkBytes("used_bytes", usedBytes);
    Device device = require(caller, 0);
    if (peerAddress != null && !peerAddress.isEmpty()) {
      device.peerAddress = checkPeerAddress(peerAddress);
    }
    Instant now = Instant.now();
    device.quotaBytes = quotaBytes;
    device.usedBytes = usedBytes;
    device.lastSeenAt = now;
    LOG.debugf("device: heartbeat device=%d address=%s quotaBytes=%d usedBytes=%d", device.id,
        device.peerAddress, quotaBytes, usedBytes);
    return now;
  }

  /**
   * A device of the caller's organization.
   *
   * @param deviceId the device, or 0 for the caller itself
   * @throws PeerVaultException NOT_FOUND when it does not exist in the caller's organization
   */
  @Transactional
  public Device require(Caller caller, long deviceId) {
    long id = deviceId == 0 ? caller.deviceId() : deviceId;
    return store.findById(id)
        .filter(d -> d.organization.id == caller.organizationId())
        .orElseThrow(() -> PeerVaultException.notFound("device-not-found", "device " + id
            + " does not exist in your organization"));
  }

  /** Checks a peer address: {@code host:port} or {@code [v6]:port}, port 1 to 65535. */
  static String checkPeerAddress(String address) {
    String a = address == null ? "" : address.strip();
    int colon = a.lastIndexOf(':');
    boolean ok = a.length() <= MAX_ADDRESS_CHARS && colon > 0 && colon < a.length() - 1
        && a.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    if (ok) {
      String host = a.substring(0, colon);
      ok = !host.contains(":") || (host.startsWith("[") && host.endsWith("]"));
      try {
        int port = Integer.parseInt(a.substring(colon + 1));
        ok &= port >= 1 && port <= 65535;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok) {
      throw PeerVaultException.invalid("invalid-peer-address", "device: peer address \""
          + a.replaceAll("\\p{Cntrl}", "?") + "\" is not host:port (e.g. 10.0.0.5:9444 or"
          + " [fd00::5]:9444)");
    }
    return a;
  }

  /** Checks a byte count is not negative. */
  static void checkBytes(String field, long bytes) {
    if (bytes < 0) {
      throw PeerVaultException.invalid("invalid-" + field.replace('_', '-'), "device: " + field
          + " must not be negative, got " + bytes);
    }
  }
}
