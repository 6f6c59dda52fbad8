package org.peervault.repository.trust;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.peervault.repository.keys.KeyRing;
import org.peervault.repository.keys.MasterKey;

/**
 * The repository's certificate authority: created at first start (under an advisory lock, so one
 * of several starting instances makes it), kept in {@code trust_material} as a PKCS#12 store whose
 * password is derived from the master key. Signs device certificates from CSRs and, at every
 * start, a fresh TLS certificate for this instance's gRPC endpoint. Thread-safe once started.
 */
@Startup(CertificateAuthority.STARTUP_ORDER)
@ApplicationScoped
public class CertificateAuthority {
  /** Start-up order: after the key ring (it needs the master key), before enrollment and gRPC. */
  public static final int STARTUP_ORDER = KeyRing.STARTUP_ORDER + 50;
  private static final Logger LOG = Logger.getLogger(CertificateAuthority.class);
  private static final String NAME = "ca";
  private static final String ALIAS = "ca";
  private static final long ADVISORY_LOCK = 0x7076_6361L;
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration SERVER_VALIDITY = Duration.ofDays(90);

  @Inject
  KeyRing keyRing;

  @Inject
  TrustMaterialStore store;

  @Inject
  TrustConfig config;

  private X509Certificate certificate;
  private PrivateKey key;
  private String fingerprint;
  private KeyPair serverKeys;
  private X509Certificate serverCertificate;

  @PostConstruct
  void load() {
    QuarkusTransaction.requiringNew().run(() -> {
      store.lockForCreation(ADVISORY_LOCK);
      TrustMaterialStore.Material material = store.find(NAME).orElseGet(this::create);
      open(material);
    });
    fingerprint = Pki.fingerprint(certificate);
    serverKeys = Pki.newKeyPair();
    List<String> names = new ArrayList<>(List.of(Pki.REPOSITORY_NAME));
    names.addAll(config.serverNames());
    serverCertificate = Pki.issue(certificate, key, serverKeys.getPublic(), "CN=PeerVault repository", names,
        SERVER_VALIDITY);
    LOG.infof("trust: CA ready subject=\"%s\" fingerprint=%s notAfter=%s serverNames=%s",
        certificate.getSubjectX500Principal().getName(), fingerprint, certificate.getNotAfter().toInstant(), names);
  }

  private TrustMaterialStore.Material create() {
    KeyPair keys = Pki.newKeyPair();
    X509Certificate ca = Pki.selfSignedCa(keys, "PeerVault CA", CA_VALIDITY);
    MasterKey master = keyRing.masterKey();
    try {
      KeyStore p12 = KeyStore.getInstance("PKCS12");
      p12.load(null, null);
      p12.setKeyEntry(ALIAS, keys.getPrivate(), master.derivePassword(NAME), new Certificate[] {ca});
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      p12.store(out, master.derivePassword(NAME));
      TrustMaterialStore.Material material = new TrustMaterialStore.Material(ca.getEncoded(), out.toByteArray(),
          master.id());
      store.insert(NAME, material);
      LOG.infof("trust: created the repository CA fingerprint=%s", Pki.fingerprint(ca));
      return material;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("trust: cannot create the CA store: " + e.getMessage(), e);
    }
  }

  private void open(TrustMaterialStore.Material material) {
    MasterKey master = keyRing.masterKey();
    try {
      KeyStore p12 = KeyStore.getInstance("PKCS12");
      p12.load(new ByteArrayInputStream(material.secretPart()), master.derivePassword(NAME));
      key = (PrivateKey) p12.getKey(ALIAS, master.derivePassword(NAME));
      certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(material.publicPart()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("trust: cannot open the CA store: it was protected by master key "
          + material.masterKeyId() + " but the configured master key is " + master.id()
          + "; start the service with the master key it was created with", e);
    }
  }

  /** Signs a device certificate for a checked CSR's key. */
  public X509Certificate signDevice(PublicKey deviceKey, long deviceId, long organizationId) {
    return signDevice(deviceKey, deviceId, organizationId, config.deviceCertificateValidity());
  }

  /** Signs a device certificate valid for {@code validity} from now. */
  public X509Certificate signDevice(PublicKey deviceKey, long deviceId, long organizationId, Duration validity) {
    return Pki.issue(certificate, key, deviceKey, Pki.deviceSubject(deviceId, organizationId),
        List.of(Pki.deviceDnsName(deviceId)), validity);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Base64url SHA-256 of the CA certificate, as enrollment tokens carry it. */
  public String fingerprint() {
    return fingerprint;
  }

  /** This instance's TLS key for the gRPC endpoint. */
  public PrivateKey serverKey() {
    return serverKeys.getPrivate();
  }

  /** This instance's TLS certificate chain: its own certificate, then the CA's. */
  public X509Certificate[] serverChain() {
    return new X509Certificate[] {serverCertificate, certificate};
  }
}
