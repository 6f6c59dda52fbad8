package org.peervault.agent.transfer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The key material of enrollment: EC P-256 device key pairs, PKCS#10 requests signed with
 * SHA256withECDSA, DER certificates and the repository's Ed25519 grant key as received, and the
 * SHA-256 fingerprint an enrollment token pins the CA with. Stateless.
 */
public final class DeviceKeys {
  /** Signature algorithm of device CSRs and certificates. */
  public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private DeviceKeys() {}

  /** A fresh EC P-256 (secp256r1) key pair. */
  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make EC P-256 keys: " + e.getMessage(), e);
    }
  }

  /** A PKCS#10 request, DER, with subject {@code CN=<deviceName>} (the CA sets its own subject). */
  public static byte[] csr(KeyPair keyPair, String deviceName) {
    try {
      X500Name subject = new X500NameBuilder().addRDN(BCStyle.CN, deviceName).build();
      return new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic())
          .build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keyPair.getPrivate()))
          .getEncoded();
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate request: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a DER (or PEM) X.509 certificate. */
  public static X509Certificate certificate(byte[] encoded) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(encoded));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** Parses the repository's grant verification key (X.509 SubjectPublicKeyInfo DER, Ed25519). */
  public static PublicKey grantKey(byte[] subjectPublicKeyInfo) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** SHA-256 over a certificate's DER encoding. */
  public static byte[] fingerprint(X509Certificate certificate) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint certificate: " + e.getMessage(), e);
    }
  }

  /** Whether {@code certificate} certifies the public half of {@code keyPair}. */
  public static boolean matches(X509Certificate certificate, KeyPair keyPair) {
    return certificate.getPublicKey().equals(keyPair.getPublic());
  }
}
