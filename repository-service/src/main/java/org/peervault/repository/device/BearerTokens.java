package org.peervault.repository.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Creates and checks bearer tokens: enrollment tokens and device tokens.
 *
 * <p>A token carries 32 random bytes (256 bits), base64url without padding. A device token is
 * prefixed by its device id, {@code <deviceId>.<secret>}, so verification is one primary-key
 * lookup and one constant-time comparison. Only {@link #hash SHA-256 hashes} are stored.
 * Stateless and thread-safe.
 */
public final class BearerTokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;
  private static final int MAX_TOKEN_CHARS = 200;

  private BearerTokens() {}

  /** A new random enrollment token. */
  public static String newEnrollmentToken() {
    return randomSecret();
  }

  /** A new random device token for a device. */
  public static String newDeviceToken(long deviceId) {
    return deviceId + "." + randomSecret();
  }

  /**
   * The device id a device token claims, or empty when the token is not of the device token
   * format. The claim means nothing until the hash matches.
   */
  public static OptionalLong deviceIdOf(String token) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      return OptionalLong.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot > 19 || dot == token.length() - 1) {
      return OptionalLong.empty();
    }
    for (int i = 0; i < dot; i++) {
      if (token.charAt(i) < '0' || token.charAt(i) > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      long id = Long.parseLong(token, 0, dot, 10);
      return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
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
