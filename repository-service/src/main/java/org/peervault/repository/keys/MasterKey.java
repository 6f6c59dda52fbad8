package org.peervault.repository.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master key: wraps and unwraps organization secrets with AES-256-GCM.
 *
 * <p>Each wrap uses a fresh random 96-bit nonce, stored beside the ciphertext, and binds the
 * wrapped value to where it is stored through the additional authenticated data, so a wrapped
 * secret copied to another row fails to unwrap. Thread-safe and immutable.
 */
public final class MasterKey {
  /** Length of the master key in bytes (AES-256). */
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String id;

  private MasterKey(byte[] keyBytes) {
    this.key = new SecretKeySpec(keyBytes, "AES");
    this.id = fingerprint(keyBytes);
  }

  /**
   * Parses the configured master key.
   *
   * @param base64 base64 of exactly 32 bytes, or null when not configured
   * @throws IllegalStateException with a message that says how to make one
   */
  public static MasterKey fromBase64(String base64) {
    String howTo = "set peervault.keys.master-key (environment PEERVAULT_KEYS_MASTER_KEY) to the"
        + " base64 of 32 random bytes, e.g. the output of `openssl rand -base64 32`, and keep it"
        + " safe: without it no chunk key can be derived";
    if (base64 == null || base64.isBlank()) {
      throw new IllegalStateException("keys: no master key configured: " + howTo);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("keys: peervault.keys.master-key is not valid base64: "
          + howTo, e);
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalStateException("keys: peervault.keys.master-key decodes to " + bytes.length
          + " bytes, expected " + KEY_BYTES + ": " + howTo);
    }
    try {
      return new MasterKey(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Short public fingerprint of this key (16 hex digits); identifies it, reveals nothing. */
  public String id() {
    return id;
  }

  /**
   * Wraps a secret.
   *
   * @param secret the bytes to protect
   * @param context additional authenticated data naming where the result is stored
   */
  public Wrapped wrap(byte[] secret, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new Wrapped(nonce, cipher.doFinal(secret));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("keys: AES-256-GCM unavailable in this JVM", e);
    }
  }

  /**
   * Unwraps a secret wrapped by {@link #wrap} under the same context.
   *
   * @throws GeneralSecurityException when the key, the context or the bytes do not match
   */
  public byte[] unwrap(Wrapped wrapped, String context) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped.nonce()));
    cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return cipher.doFinal(wrapped.ciphertext());
  }

  /**
   * A secret derived from the master key for one purpose (HMAC-SHA256 of the purpose), base64:
   * used where a password protects a store, e.g. the CA's PKCS#12.
   */
  public char[] derivePassword(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] derived = mac.doFinal(("peervault/derived/" + purpose).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(derived).toCharArray();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("keys: HmacSHA256 unavailable in this JVM", e);
    }
  }

  private static String fingerprint(byte[] keyBytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keyBytes, "HmacSHA256"));
      byte[] digest = mac.doFinal("peervault master key id".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("keys: HmacSHA256 unavailable in this JVM", e);
    }
  }

  /** A wrapped secret: the GCM nonce and the ciphertext with its tag. */
  public record Wrapped(byte[] nonce, byte[] ciphertext) {}

  @Override
  public String toString() {
    return "MasterKey[id=" + id + "]";
  }
}
