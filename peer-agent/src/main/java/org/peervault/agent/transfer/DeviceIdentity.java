package org.peervault.agent.transfer;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Who this device is on the wire: its ids, its current key and certificate, and the repository CA
 * certificate, the one trust anchor of every connection. The key and certificate can be swapped for
 * renewed ones ({@link #renew}); TLS contexts built from this identity read the current pair at each
 * handshake, so open channels and servers pick a renewal up without restarting. Thread-safe.
 *
 * <p>Names (fixed with the repository's CA): a device certificate has subject
 * {@code CN=device-<id>, O=org-<organization id>} and DNS name {@code device-<id>.peervault.internal};
 * the repository's has DNS name {@value #REPOSITORY_AUTHORITY}.
 */
public final class DeviceIdentity {
  /** The DNS name every repository server certificate carries; agents verify it. */
  public static final String REPOSITORY_AUTHORITY = "repository.peervault.internal";

  private final long deviceId;
  private final long organizationId;
  private final X509Certificate caCertificate;
  private volatile Credential credential;

  /** A private key and the certificate for it. */
  public record Credential(PrivateKey key, X509Certificate certificate) {
    public Credential {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public String toString() {
      return "Credential[certificate=" + certificate.getSubjectX500Principal() + "]";
    }
  }

  public DeviceIdentity(long deviceId, long organizationId, PrivateKey key, X509Certificate certificate,
      X509Certificate caCertificate) {
    this.deviceId = deviceId;
    this.organizationId = organizationId;
    this.caCertificate = Objects.requireNonNull(caCertificate, "caCertificate");
    this.credential = new Credential(key, certificate);
  }

  /** The DNS name a device's certificate carries: {@code device-<id>.peervault.internal}. */
  public static String peerAuthority(long deviceId) {
    return "device-" + deviceId + ".peervault.internal";
  }

  public long deviceId() {
    return deviceId;
  }

  public long organizationId() {
    return organizationId;
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** The current key and certificate. */
  public Credential credential() {
    return credential;
  }

  public X509Certificate certificate() {
    return credential.certificate();
  }

  /** Replaces the key and certificate; new TLS handshakes present the new ones. */
  public void renew(PrivateKey key, X509Certificate certificate) {
    this.credential = new Credential(key, certificate);
  }

  /**
   * Whether the certificate should be renewed at {@code now}: when less than a third of its
   * validity remains (or it has expired).
   */
  public boolean needsRenewal(Instant now) {
    return needsRenewal(certificate(), now);
  }

  /** The renewal rule for any certificate: less than one third of its validity left. */
  public static boolean needsRenewal(X509Certificate certificate, Instant now) {
    Instant from = certificate.getNotBefore().toInstant();
    Instant until = certificate.getNotAfter().toInstant();
    Duration validity = Duration.between(from, until);
    Duration left = Duration.between(now, until);
    return left.multipliedBy(3).compareTo(validity) < 0;
  }

  @Override
  public String toString() {
    return "DeviceIdentity[device=" + deviceId + ", organization=" + organizationId + "]";
  }
}
