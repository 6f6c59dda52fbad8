package org.peervault.repository.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;

/** Device lifecycle after enrollment: heartbeats, and resolving devices within an organization. */
@ApplicationScoped
public class Devices {
  @Inject
  org.peervault.repository.trust.DeviceCertificates certificates;

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
   * A device whose backups the caller may address: the caller itself; or, when the caller acts
   * for a signed-in user of its organization, any device that user owns, and for an admin any
   * device of the organization.
   *
   * @param deviceId the device, or 0 for the caller itself
   * @throws PeerVaultException NOT_FOUND when it does not exist in the caller's organization,
   *     PERMISSION_DENIED when it exists but the caller may not address it
   */
  @Transactional
  public Device require(Caller caller, long deviceId) {
    Device device = requireInOrganization(caller, deviceId);
    if (device.id == caller.deviceId()) {
      return device;
    }
    Caller.OnBehalf user = caller.user();
    if (user == null) {
      throw PeerVaultException.denied("device-not-yours", "device " + device.id + " is another"
          + " device; to restore its files sign in as its owner (`peer-agent login`) or ask"
          + " an admin for a restore request");
    }
    boolean sameOrg = user.organizationId() == caller.organizationId();
    boolean owner = device.ownerUserId != null && device.ownerUserId == user.userId();
    if (!sameOrg || !(owner || user.admin())) {
      throw PeerVaultException.denied("device-not-yours", "device " + device.id + " is not"
          + " owned by the signed-in user " + user.userId() + "; only its owner or an admin may"
          + " address it");
    }
    return device;
  }

  /**
   * A device of the caller's organization, whoever owns it (for grants checked elsewhere, such
   * as an admin's restore request).
   *
   * @param deviceId the device, or 0 for the caller itself
   * @throws PeerVaultException NOT_FOUND when it does not exist in the caller's organization
   */
  @Transactional
  public Device requireInOrganization(Caller caller, long deviceId) {
    long id = deviceId == 0 ? caller.deviceId() : deviceId;
    return requireInOrganization(caller.organizationId(), id);
  }

  /**
   * A device of an organization.
   *
   * @throws PeerVaultException NOT_FOUND when it does not exist there
   */
  @Transactional
  public Device requireInOrganization(long organizationId, long deviceId) {
    return store.findById(deviceId)
        .filter(d -> d.organization.id == organizationId)
        .orElseThrow(() -> PeerVaultException.notFound("device-not-found", "device " + deviceId
            + " does not exist in your organization"));
  }

  /**
   * Revokes a device: it no longer authenticates, stores or serves chunks, and its name cannot
   * be registered again. Revoking a revoked device changes nothing.
   */
  @Transactional
  public Device revoke(long organizationId, long deviceId) {
    Device device = requireInOrganization(organizationId, deviceId);
    if (device.status != Device.Status.REVOKED) {
      device.status = Device.Status.REVOKED;
      LOG.infof("device: revoked device=%d organization=%d name=\"%s\"", device.id,
          organizationId, device.name);
    }
    certificates.forgetAll();
    return device;
  }

  /** Ids of the organization's revoked devices: peers refuse their calls (sent with heartbeats). */
  @Transactional
  public List<Long> revokedIds(long organizationId) {
    return Device.<Device>list("organization.id = ?1 and status = ?2", organizationId, Device.Status.REVOKED)
        .stream().map(d -> d.id).toList();
  }

  /** Makes {@code userId} (null: nobody) the owner of a device of the organization. */
  @Transactional
  public Device assignOwner(long organizationId, long deviceId, Long userId) {
    Device device = requireInOrganization(organizationId, deviceId);
    device.ownerUserId = userId;
    LOG.infof("device: owner assigned device=%d owner=%s", device.id, userId);
    return device;
  }

  /**
   * Marks a device of the organization as an S3 gateway (it may then act for every access key of
   * the organization) or removes the mark.
   */
  @Transactional
  public Device markS3Gateway(long organizationId, long deviceId, boolean gateway) {
    Device device = requireInOrganization(organizationId, deviceId);
    device.s3Gateway = gateway;
    LOG.infof("device: s3 gateway device=%d enabled=%s", device.id, gateway);
    return device;
  }

  /**
   * The signed-in user claims the calling device as theirs. A device owned by someone else
   * stays theirs unless the claimant is an admin.
   *
   * @throws PeerVaultException UNAUTHENTICATED without a user, PERMISSION_DENIED when the
   *     device belongs to another user or the user to another organization
   */
  @Transactional
  public Device claim(Caller caller) {
    Caller.OnBehalf user = caller.user();
    if (user == null) {
      throw new PeerVaultException(org.peervault.repository.ErrorKind.UNAUTHENTICATED,
          "user-token-required", "device: claiming a device needs the user's sign-in; run"
          + " `peer-agent login`");
    }
    Device device = requireInOrganization(caller, 0);
    if (user.organizationId() != caller.organizationId()) {
      throw PeerVaultException.denied("device-other-organization", "device " + device.id
          + " belongs to another organization than the signed-in user");
    }
    if (device.ownerUserId != null && device.ownerUserId != user.userId() && !user.admin()) {
      throw PeerVaultException.denied("device-owned", "device " + device.id + " is owned by"
          + " another user; an admin can change its owner");
    }
    device.ownerUserId = user.userId();
    LOG.infof("device: claimed device=%d owner=%d", device.id, user.userId());
    return device;
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
