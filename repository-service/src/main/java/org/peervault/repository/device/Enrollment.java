package org.peervault.repository.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.peervault.repository.ErrorKind;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.keys.KeyRing;
import org.peervault.repository.trust.CertificateAuthority;
import org.peervault.repository.trust.DeviceCertificates;
import org.peervault.repository.trust.Pki;

/**
 * Enrollment: organizations, enrollment tokens, and the enrollment of devices by CSR.
 *
 * <p>A token enrolls new devices only: a name already enrolled in the organization (active or
 * revoked) is refused, so nobody holding a token can take over another device and its backups.
 */
@ApplicationScoped
public class Enrollment {
  private static final Logger LOG = Logger.getLogger(Enrollment.class);
  private static final int MAX_NAME_CHARS = 128;
  private static final int MAX_LABEL_CHARS = 128;

  @Inject
  OrganizationStore organizations;

  @Inject
  EnrollmentTokenStore tokens;

  @Inject
  DeviceStore devices;

  @Inject
  KeyRing keyRing;

  @Inject
  CertificateAuthority ca;

  @Inject
  DeviceCertificates certificates;

  /** What a machine sends about itself when it enrolls. Sizes in bytes. */
  public record DeviceRequest(String enrollmentToken, String name, String peerAddress,
      long quotaBytes, String site, String subnet) {}

  /** What a new machine sends to enroll: the token's secret part and a PKCS#10 request. */
  public record EnrollRequest(String enrollmentToken, byte[] csr, DeviceRequest device) {}

  /** An enrolled device: its ids, its new certificate and the group the token put it in. */
  public record Enrolled(long deviceId, long organizationId, X509Certificate certificate, String deviceGroup) {}

  /**
   * Enrolls a device: checks the CSR, spends the token, creates (or, for a known name, re-admits)
   * the device, and signs its certificate. Certificates of an earlier enrollment of the same
   * device stop being accepted.
   *
   * @throws PeerVaultException INVALID_ARGUMENT for a bad CSR (the token is not spent) or a bad name,
   *     address or quota; UNAUTHENTICATED for an unknown, expired or spent token; PERMISSION_DENIED
   *     for a name already enrolled
   */
  @Transactional
  public Enrolled enroll(EnrollRequest request) {
    PublicKey key = Pki.checkCsr(request.csr());
    Admission admitted = admit(request.device());
    Device device = admitted.device();
    device.deviceGroup = admitted.token().deviceGroup;
    X509Certificate certificate = ca.signDevice(key, device.id, admitted.organizationId());
    certificates.replaceAll(device.id, certificate);
    return new Enrolled(device.id, admitted.organizationId(), certificate, device.deviceGroup);
  }

  /**
   * Signs a new certificate for an enrolled device's new key; its current certificates stay valid
   * until they expire.
   */
  @Transactional
  public X509Certificate renew(Caller caller, byte[] csr) {
    PublicKey key = Pki.checkCsr(csr);
    X509Certificate certificate = ca.signDevice(key, caller.deviceId(), caller.organizationId());
    certificates.record(caller.deviceId(), certificate);
    LOG.infof("enrollment: certificate renewed device=%d notAfter=%s", caller.deviceId(),
        certificate.getNotAfter().toInstant());
    return certificate;
  }

  private record Admission(Device device, long organizationId, EnrollmentToken token) {}

  /** Spends the token and creates or updates the device row; the caller holds the transaction. */
  private Admission admit(DeviceRequest request) {
    String name = checkLabel("device name", request.name(), 1, MAX_NAME_CHARS);
    String address = Devices.checkPeerAddress(request.peerAddress());
    String site = checkLabel("site", request.site(), 0, MAX_LABEL_CHARS);
    String subnet = checkLabel("subnet", request.subnet(), 0, MAX_LABEL_CHARS);
    Devices.checkBytes("quota_bytes", request.quotaBytes());
    Instant now = Instant.now();
    EnrollmentToken token = tokens.lockByHash(EnrollmentSecrets.hash(secretOf(request.enrollmentToken())))
        .filter(t -> t.isUsable(now))
        .orElseThrow(() -> new PeerVaultException(ErrorKind.UNAUTHENTICATED,
            "enrollment-token-rejected", "enrollment: token not accepted (unknown, expired or"
            + " already used); ask an admin for a new enrollment token"));
    Organization org = organizations.lock(token.organization.id).orElseThrow();
    token.usedAt = now;
    // A token enrolls new machines only: taking over an enrolled device's name would take over its
    // backups. A machine that lost its key enrolls under a new name; its owner restores the old
    // device's files after signing in, and an admin revokes the old device.
    devices.findByName(org.id, name).ifPresent(existing -> {
      throw PeerVaultException.denied("device-name-taken", "enrollment: a device named \"" + name + "\" ("
          + existing.id + ") is already enrolled" + (existing.status == Device.Status.ACTIVE ? "" : " and revoked")
          + "; enroll this machine under another name (--name)");
    });
    Device device = new Device();
    device.organization = org;
    device.name = name;
    device.registeredAt = now;
    device.status = Device.Status.ACTIVE;
    device.peerAddress = address;
    device.quotaBytes = request.quotaBytes();
    device.site = site;
    device.subnet = subnet;
    device.deviceGroup = token.deviceGroup;
    device.lastSeenAt = now;
    device.persist();
    keyRing.ensureSecret(org.id);
    LOG.infof("enrollment: device enrolled device=%d organization=%d name=\"%s\" address=%s"
        + " quotaBytes=%d site=\"%s\" subnet=\"%s\"", device.id, org.id, name,
        address, request.quotaBytes(), site, subnet);
    return new Admission(device, org.id, token);
  }

  /** Creates an organization (and its first key version). */
  @Transactional
  public long createOrganization(String name) {
    String checked = checkLabel("organization name", name, 1, MAX_NAME_CHARS);
    if (organizations.findByName(checked).isPresent()) {
      throw PeerVaultException.precondition("organization-exists", "enrollment: organization \""
          + checked + "\" exists already");
    }
    Organization org = organizations.create(checked);
    keyRing.ensureSecret(org.id);
    LOG.infof("enrollment: organization created organization=%d name=\"%s\"", org.id, checked);
    return org.id;
  }

  /**
   * Issues an enrollment token for an organization.
   *
   * @param singleUse whether the first registration spends it
   * @param expiresAt when it stops working, or null for never
   * @return the token, shown once; only its hash is kept
   */
  @Transactional
  public String issueToken(long organizationId, boolean singleUse, Instant expiresAt) {
    return issueToken(organizationId, singleUse, expiresAt, null);
  }

  /**
   * Issues an enrollment token whose devices join {@code deviceGroup} (null for none).
   *
   * @return {@code <secret>.<CA fingerprint>}, shown once: the agent checks the repository's CA
   *     against the fingerprint before it sends anything; only the secret's hash is kept
   */
  @Transactional
  public String issueToken(long organizationId, boolean singleUse, Instant expiresAt, String deviceGroup) {
    String secret = EnrollmentSecrets.newEnrollmentToken();
    EnrollmentToken row = addToken(organizationId, secret, singleUse, expiresAt);
    row.deviceGroup = deviceGroup == null || deviceGroup.isBlank() ? null
        : checkLabel("device group", deviceGroup, 1, MAX_LABEL_CHARS);
    return secret + "." + ca.fingerprint();
  }

  /** The secret part of a token as handed out ({@code <secret>.<CA fingerprint>}), or the token itself. */
  static String secretOf(String token) {
    String t = token == null ? "" : token.strip();
    int dot = t.lastIndexOf('.');
    return dot > 0 ? t.substring(0, dot) : t;
  }

  /** Stores a token's hash. The caller holds the transaction. */
  EnrollmentToken addToken(long organizationId, String token, boolean singleUse, Instant expiresAt) {
    EnrollmentToken row = new EnrollmentToken();
    row.organization = Organization.findById(organizationId);
    if (row.organization == null) {
      throw PeerVaultException.notFound("organization-not-found", "enrollment: organization "
          + organizationId + " does not exist");
    }
    row.tokenHash = EnrollmentSecrets.hash(token);
    row.singleUse = singleUse;
    row.createdAt = Instant.now();
    row.expiresAt = expiresAt;
    row.persist();
    LOG.infof("enrollment: token issued organization=%d token=%d singleUse=%b expiresAt=%s",
        organizationId, row.id, singleUse, expiresAt);
    return row;
  }

  private static String checkLabel(String what, String value, int minChars, int maxChars) {
    String v = value == null ? "" : value.strip();
    if (v.length() < minChars || v.length() > maxChars) {
      throw PeerVaultException.invalid("invalid-" + what.replace(' ', '-'), "enrollment: " + what
          + " must have " + minChars + " to " + maxChars + " characters, got " + v.length());
    }
    if (v.chars().anyMatch(Character::isISOControl)) {
      throw PeerVaultException.invalid("invalid-" + what.replace(' ', '-'), "enrollment: " + what
          + " \"" + v.replaceAll("\\p{Cntrl}", "?") + "\" contains control characters");
    }
    return v;
  }
}
