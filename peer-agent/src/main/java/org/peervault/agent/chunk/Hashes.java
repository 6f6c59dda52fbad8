package org.peervault.agent.chunk;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash function of chunk identities and plaintext hashes: SHA-256. Stateless and
 * thread-safe (a new digest per call).
 */
public final class Hashes {

  /** Length of a SHA-256 digest in bytes. */
  public static final int SHA256_BYTES = 32;

  private Hashes() {}

  /** SHA-256 of all of {@code data}. */
  public static byte[] sha256(byte[] data) {
    return sha256(data, 0, data.length);
  }

  /** SHA-256 of {@code length} bytes of {@code data} from {@code offset}. */
  public static byte[] sha256(byte[] data, int offset, int length) {
    MessageDigest digest = newSha256();
    digest.update(data, offset, length);
    return digest.digest();
  }

  /** A fresh SHA-256 digest, for hashing a stream incrementally. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest Javadoc).
      throw new IllegalStateException("this JVM has no SHA-256 implementation", e);
    }
  }
}
