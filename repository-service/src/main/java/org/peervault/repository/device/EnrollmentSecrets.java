package org.peervault.repository.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Creates and checks the secrets of enrollment tokens: 32 random bytes (256 bits), base64url
 * without padding. Only {@link #hash SHA-256 hashes} are stored. Stateless and thread-safe.
 */
public final class EnrollmentSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;

  private EnrollmentSecrets() {}

  /** A new random enrollment token. */
  public static String newEnrollmentToken() {
    return randomSecret();
  }

  /** SHA-256 of the token's UTF-8 bytes: what the database stores. */
  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
    }
  }

  /** Whether {@code token} hashes to {@code storedHash}, compared in constant time. */
  public static boolean matches(byte[] storedHash, String token) {
    return storedHash != null && token != null
        && MessageDigest.isEqual(storedHash, hash(token));
  }

  private static String randomSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
