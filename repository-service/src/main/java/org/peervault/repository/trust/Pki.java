package org.peervault.repository.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.peervault.repository.PeerVaultException;

/**
 * Certificate mechanics with Bouncy Castle: key pairs, the CA, issuing certificates from CSRs,
 * and reading a device's identity back from its certificate. Stateless and thread-safe.
 */
public final class Pki {
  /** DNS name in the repository's certificate; agents connect with it as the TLS authority. */
  public static final String REPOSITORY_NAME = "repository.peervault.internal";
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Pattern DEVICE_CN = Pattern.compile("device-(\\d+)");
  private static final Pattern ORG_O = Pattern.compile("org-(\\d+)");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Pki() {}

  /** A device's identity as its certificate names it. */
  public record DeviceName(long deviceId, long organizationId) {}

  /** A fresh EC P-256 key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("trust: EC P-256 unavailable in this JVM", e);
    }
  }

  /** A self-signed CA certificate that may sign end-entity certificates only (path length 0). */
  public static X509Certificate selfSignedCa(KeyPair keys, String commonName, Duration validity) {
    X500Name name = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return sign(builder, keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("trust: cannot create the CA certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Issues an end-entity certificate for TLS client and server use.
   *
   * @param subject e.g. {@code CN=device-12,O=org-3}
   * @param names DNS names or IP addresses for the subject alternative name
   */
  public static X509Certificate issue(X509Certificate ca, PrivateKey caKey, PublicKey subjectKey, String subject,
      List<String> names, Duration validity) {
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      List<GeneralName> alternatives = new ArrayList<>();
      for (String n : names) {
        alternatives.add(isAddress(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
      }
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), new X500Name(subject), subjectKey)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}))
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(alternatives.toArray(GeneralName[]::new)))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("trust: cannot issue a certificate for " + subject + ": " + e.getMessage(), e);
    }
  }

  /**
   * The public key of a PKCS#10 request, after checking its self-signature and that it is an
   * EC P-256 key.
   *
   * @throws PeerVaultException INVALID_ARGUMENT for anything else
   */
  public static PublicKey checkCsr(byte[] der) {
    try {
      PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
      // The key by its algorithm name: not every JCA provider resolves the EC key OID itself.
      PublicKey key = KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw PeerVaultException.invalid("csr-invalid", "enrollment: the CSR's signature does not verify");
      }
      if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw PeerVaultException.invalid("csr-invalid", "enrollment: the CSR must carry an EC P-256 key");
      }
      return key;
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw PeerVaultException.invalid("csr-invalid", "enrollment: the CSR is not a DER PKCS#10 request");
    } catch (OperatorCreationException | PKCSException | GeneralSecurityException e) {
      throw PeerVaultException.invalid("csr-invalid", "enrollment: the CSR cannot be verified: " + e.getMessage());
    }
  }

  /** The device a certificate names, if it is a device certificate. */
  public static java.util.Optional<DeviceName> deviceName(X509Certificate certificate) {
    String cn = null;
    String o = null;
    for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
      String p = part.strip();
      if (p.startsWith("CN=")) {
        cn = p.substring(3);
      } else if (p.startsWith("O=")) {
        o = p.substring(2);
      }
    }
    if (cn == null || o == null) {
      return java.util.Optional.empty();
    }
    Matcher device = DEVICE_CN.matcher(cn);
    Matcher org = ORG_O.matcher(o);
    if (!device.matches() || !org.matches()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new DeviceName(Long.parseLong(device.group(1)), Long.parseLong(org.group(1))));
  }

  /** The subject of a device certificate. */
  public static String deviceSubject(long deviceId, long organizationId) {
    return "CN=device-" + deviceId + ",O=org-" + organizationId;
  }

  /** The DNS name a device certificate carries; peers connect with it as the TLS authority. */
  public static String deviceDnsName(long deviceId) {
    return "device-" + deviceId + ".peervault.internal";
  }

  /** Base64url (no padding) SHA-256 of the certificate's DER. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("trust: cannot fingerprint a certificate", e);
    }
  }

  /** Hex serial number. */
  public static String serialHex(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static boolean isAddress(String name) {
    if (!name.matches("[0-9.]+|[0-9a-fA-F:]+") || !(name.contains(".") || name.contains(":"))) {
      return false;
    }
    try {
      InetAddress.getByName(name);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
