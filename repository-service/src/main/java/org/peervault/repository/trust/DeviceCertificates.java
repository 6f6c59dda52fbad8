package org.peervault.repository.trust;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.peervault.repository.ErrorKind;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.Caller;

/**
 * The device certificates the CA issued, and the check that maps a TLS client certificate to its
 * device. A certificate is accepted when the CA signed it, it is within its validity, it names a
 * device of its organization, it was recorded at issue and not superseded by a later enrollment,
 * and its device is ACTIVE. Verdicts are cached per serial for {@code peervault.trust.certificate-cache-ttl}
 * (so a revocation takes effect within that time on every instance). Thread-safe.
 */
@ApplicationScoped
public class DeviceCertificates {
  private record Verdict(Caller caller, Instant until) {}

  private final Map<String, Verdict> cache = new ConcurrentHashMap<>();

  @Inject
  EntityManager em;

  @Inject
  CertificateAuthority ca;

  @Inject
  TrustConfig config;

  /** Records a newly issued certificate of a device and supersedes the device's earlier ones. */
  public void replaceAll(long deviceId, X509Certificate certificate) {
    Instant now = Instant.now();
    em.createNativeQuery("UPDATE device_certificate SET superseded_at = ?1 WHERE device_id = ?2 AND superseded_at IS NULL")
        .setParameter(1, now).setParameter(2, deviceId).executeUpdate();
    record(deviceId, certificate);
    cache.clear();
  }

  /** Records a renewed certificate; the device's earlier ones stay valid until they expire. */
  public void record(long deviceId, X509Certificate certificate) {
    em.createNativeQuery("INSERT INTO device_certificate (serial, device_id, not_after, issued_at) VALUES (?1, ?2, ?3, ?4)")
        .setParameter(1, Pki.serialHex(certificate)).setParameter(2, deviceId)
        .setParameter(3, certificate.getNotAfter().toInstant()).setParameter(4, Instant.now())
        .executeUpdate();
  }

  /** Drops cached verdicts (after a revocation on this instance). */
  public void forgetAll() {
    cache.clear();
  }

  /**
   * The device a client certificate belongs to.
   *
   * @throws PeerVaultException UNAUTHENTICATED when the certificate is not acceptable, PERMISSION_DENIED
   *     when its device was revoked; the message says which and what to do
   */
  public Caller authenticate(X509Certificate certificate) {
    try {
      certificate.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      throw refused("certificate-untrusted", "authentication: the client certificate was not issued by this"
          + " repository's CA; enroll the device with an enrollment token");
    }
    try {
      certificate.checkValidity();
    } catch (CertificateExpiredException e) {
      throw refused("certificate-expired", "authentication: the device certificate expired at "
          + certificate.getNotAfter().toInstant() + "; enroll the device again");
    } catch (CertificateNotYetValidException e) {
      throw refused("certificate-not-yet-valid", "authentication: the device certificate is not valid before "
          + certificate.getNotBefore().toInstant() + "; check this machine's clock");
    }
    String serial = Pki.serialHex(certificate);
    Verdict cached = cache.get(serial);
    Instant now = Instant.now();
    if (cached != null && now.isBefore(cached.until())) {
      return cached.caller();
    }
    Pki.DeviceName name = Pki.deviceName(certificate).orElseThrow(() -> refused("certificate-not-device",
        "authentication: the client certificate does not name a device"));
    Caller caller = QuarkusTransaction.requiringNew().call(() -> check(serial, name));
    cache.put(serial, new Verdict(caller, now.plus(config.certificateCacheTtl())));
    return caller;
  }

  private Caller check(String serial, Pki.DeviceName name) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery("SELECT d.status, d.organization_id, c.superseded_at"
        + " FROM device_certificate c JOIN device d ON d.id = c.device_id WHERE c.serial = ?1 AND c.device_id = ?2")
        .setParameter(1, serial).setParameter(2, name.deviceId()).getResultList();
    if (rows.isEmpty() || ((Number) rows.get(0)[1]).longValue() != name.organizationId()) {
      throw refused("certificate-unknown", "authentication: this certificate of device " + name.deviceId()
          + " is not on record; enroll the device again");
    }
    Object[] row = rows.get(0);
    if (!"ACTIVE".equals(row[0])) {
      throw new PeerVaultException(ErrorKind.PERMISSION_DENIED, "device-revoked", "authentication: device "
          + name.deviceId() + " was revoked; ask an admin to enroll this machine again under a new name");
    }
    if (row[2] != null) {
      throw refused("certificate-superseded", "authentication: device " + name.deviceId()
          + " was enrolled again since this certificate was issued; use the newer enrollment");
    }
    return new Caller(name.deviceId(), name.organizationId());
  }

  private static PeerVaultException refused(String code, String message) {
    return new PeerVaultException(ErrorKind.UNAUTHENTICATED, code, message);
  }
}
