package org.peervault.agent.transfer;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.X509TrustManager;

/**
 * Trust while enrolling, before the agent has the CA certificate: a server chain is trusted only if
 * it contains the certificate whose SHA-256 the enrollment token carries, the chain validates (PKIX,
 * no revocation) up to that certificate as the anchor, and the leaf names
 * {@link DeviceIdentity#REPOSITORY_AUTHORITY}. Remembers why it refused, for a clear message.
 */
final class PinnedCaTrustManager implements X509TrustManager {
  private static final int DNS_NAME = 2;

  private final byte[] caFingerprint;
  private final AtomicReference<String> refusal = new AtomicReference<>();

  PinnedCaTrustManager(byte[] caFingerprint) {
    this.caFingerprint = caFingerprint.clone();
  }

  /** Why the last server was refused; null when none was. */
  String refusal() {
    return refusal.get();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      check(chain);
    } catch (CertificateException e) {
      refusal.set(e.getMessage());
      throw e;
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    int anchor = -1;
    for (int i = 0; i < chain.length && anchor < 0; i++) {
      if (MessageDigest.isEqual(DeviceKeys.fingerprint(chain[i]), caFingerprint)) {
        anchor = i;
      }
    }
    if (anchor < 0) {
      throw new CertificateException("the server's certificate chain does not contain the CA the token names"
          + " (fingerprint mismatch): it is not the repository this token was issued for; check --server");
    }
    if (anchor == 0) {
      throw new CertificateException("the server presented the CA certificate itself, not a repository certificate");
    }
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(chain[anchor], null)));
      parameters.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(
          CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(chain).subList(0, anchor)),
          parameters);
    } catch (GeneralSecurityException e) {
      throw new CertificateException("the server's certificate does not validate up to the token's CA: "
          + e.getMessage(), e);
    }
    if (!hasDnsName(chain[0], DeviceIdentity.REPOSITORY_AUTHORITY)) {
      throw new CertificateException("the server's certificate is not a repository certificate (no DNS name "
          + DeviceIdentity.REPOSITORY_AUTHORITY + ")");
    }
  }

  private static boolean hasDnsName(X509Certificate certificate, String name) throws CertificateException {
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    if (names == null) {
      return false;
    }
    return names.stream().anyMatch(n -> Integer.valueOf(DNS_NAME).equals(n.get(0)) && name.equalsIgnoreCase((String) n.get(1)));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("enrollment trust does not accept clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
