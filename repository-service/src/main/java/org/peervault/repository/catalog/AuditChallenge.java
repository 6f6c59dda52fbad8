package org.peervault.repository.catalog;

/**
 * A challenge the uploading agent precomputed for a chunk it stored: a random nonce and
 * SHA-256(nonce || sealed chunk). A holder that still has the bytes can answer it; the
 * repository, which never has them, can only compare.
 *
 * @param nonce 16 to 64 random bytes
 * @param digest 32 bytes
 */
public record AuditChallenge(byte[] nonce, byte[] digest) {
  /** Fewest nonce bytes. */
  public static final int MIN_NONCE_BYTES = 16;
  /** Most nonce bytes. */
  public static final int MAX_NONCE_BYTES = 64;
  /** Digest bytes (SHA-256). */
  public static final int DIGEST_BYTES = 32;
  /** Most challenges one confirmation may bring per chunk. */
  public static final int MAX_PER_CHUNK = 16;

  /** Why this challenge is malformed, or null when it is well-formed. */
  public String problem() {
    if (nonce == null || nonce.length < MIN_NONCE_BYTES || nonce.length > MAX_NONCE_BYTES) {
      return "a challenge nonce must have " + MIN_NONCE_BYTES + " to " + MAX_NONCE_BYTES + " bytes";
    }
    if (digest == null || digest.length != DIGEST_BYTES) {
      return "a challenge digest must be SHA-256, " + DIGEST_BYTES + " bytes";
    }
    return null;
  }
}
