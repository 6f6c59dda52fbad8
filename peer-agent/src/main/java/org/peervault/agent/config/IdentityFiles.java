package org.peervault.agent.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * This device's key material, in PEM files beside {@code agent.properties}: {@value #KEY}
 * (PKCS#8 EC private key, owner-only: permissions 0600 are set before any byte is written),
 * {@value #CERTIFICATE} (the device certificate), {@value #CA} (the repository CA) and
 * {@value #GRANT_KEY} (the repository's Ed25519 grant key, SubjectPublicKeyInfo).
 *
 * <p>Every file is written to a temporary file and renamed into place. A renewal replaces key and
 * certificate together: both are first written as {@code *.next}, then renamed; a load that finds
 * a {@code *.next} left by an interrupted renewal finishes it, so key and certificate always match.
 */
public final class IdentityFiles {
  public static final String KEY = "device.key";
  public static final String CERTIFICATE = "device.crt";
  public static final String CA = "ca.crt";
  public static final String GRANT_KEY = "grant.pub";
  private static final String NEXT = ".next";

  /**
   * The stored identity.
   *
   * @param key the device's private key (a secret: never printed)
   * @param certificate the device certificate
   * @param caCertificate the repository CA certificate
   * @param grantKey the repository's grant verification key
   */
  public record Stored(PrivateKey key, X509Certificate certificate, X509Certificate caCertificate,
      PublicKey grantKey) {
    @Override
    public String toString() {
      return "Stored[certificate=" + certificate.getSubjectX500Principal() + "]";
    }
  }

  private IdentityFiles() {}

  /** Writes all four files (enrollment). */
  public static void save(Path dir, Stored identity) throws IOException {
    Files.createDirectories(dir);
    write(dir, CA, pem("CERTIFICATE", encoded(identity.caCertificate())), false);
    write(dir, GRANT_KEY, pem("PUBLIC KEY", identity.grantKey().getEncoded()), false);
    saveCredential(dir, identity.key(), identity.certificate());
  }

  /** Replaces key and certificate together (renewal). */
  public static void saveCredential(Path dir, PrivateKey key, X509Certificate certificate) throws IOException {
    write(dir, KEY + NEXT, pem("PRIVATE KEY", key.getEncoded()), true);
    write(dir, CERTIFICATE + NEXT, pem("CERTIFICATE", encoded(certificate)), false);
    finishRenewal(dir);
  }

  /** Reads the four files, first finishing a renewal that was interrupted. */
  public static Stored load(Path dir) {
    try {
      finishRenewal(dir);
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(dir, KEY)));
      PublicKey grantKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(dir, GRANT_KEY)));
      return new Stored(key, certificate(dir, CERTIFICATE), certificate(dir, CA), grantKey);
    } catch (NoSuchFileException e) {
      throw new AgentState.NotRegisteredException(e.getFile() + " is missing; enroll again: peer-agent enroll --server HOST:PORT --token TOKEN");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the device identity in " + dir + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("the device identity in " + dir + " is damaged (" + e.getMessage()
          + "); enroll again: peer-agent enroll --server HOST:PORT --token TOKEN", e);
    }
  }

  private static void finishRenewal(Path dir) throws IOException {
    Path keyNext = dir.resolve(KEY + NEXT);
    Path certificateNext = dir.resolve(CERTIFICATE + NEXT);
    if (!Files.exists(certificateNext)) {
      // the renewal stopped before its certificate was written: it never took effect
      Files.deleteIfExists(keyNext);
      return;
    }
    if (Files.exists(keyNext)) {
      Files.move(keyNext, dir.resolve(KEY), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(certificateNext, dir.resolve(CERTIFICATE), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static void write(Path dir, String name, String text, boolean secret) throws IOException {
    AtomicFile.write(dir.resolve(name), text.getBytes(StandardCharsets.US_ASCII), secret);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] der(Path dir, String name) throws IOException {
    String text = Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
  }

  private static X509Certificate certificate(Path dir, String name) throws IOException, GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der(dir, name)));
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode certificate: " + e.getMessage(), e);
    }
  }
}
