package org.peervault.repository.keys;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives convergent chunk keys: {@code HMAC-SHA256(organization secret, plain hash)}.
 *
 * <p>Pure and thread-safe. The result is a 32-byte AES-256 key; the same secret and hash always
 * give the same key, different secrets (organizations, versions) give unrelated keys.
 */
public final class ChunkKeyDerivation {
  /** Length of a plain hash (SHA-256 of a chunk's plaintext) and of a derived key, in bytes. */
  public static final int HASH_BYTES = 32;

  private ChunkKeyDerivation() {}

  /**
   * Derives one chunk key.
   *
   * @param organizationSecret the 32-byte secret of the key version the chunk uses
   * @param plainHash the 32-byte SHA-256 of the chunk plaintext
   */
  public static byte[] chunkKey(byte[] organizationSecret, byte[] plainHash) {
    if (plainHash.length != HASH_BYTES) {
      throw new IllegalArgumentException("plain hash must be " + HASH_BYTES + " bytes, got "
          + plainHash.length);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(organizationSecret, "HmacSHA256"));
      return mac.doFinal(plainHash);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("keys: HmacSHA256 unavailable in this JVM", e);
    }
  }
}
