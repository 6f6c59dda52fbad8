package org.peervault.agent.chunk;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Proofs of storage over sealed chunks: {@code SHA-256(nonce || sealed bytes)}. The owner
 * computes a few challenges (random nonce, expected digest) while it still has a chunk's bytes
 * and gives them to the repository; later, a peer proves it still holds the chunk by answering a
 * nonce with the digest of the bytes it stores. Only the sealed bytes enter the digest, so
 * neither side needs a key. Stateless and thread-safe.
 */
public final class StorageProof {
  /** Random bytes per nonce. */
  public static final int NONCE_BYTES = 32;

  /**
   * A challenge: a nonce and the digest a holder of the chunk answers it with.
   *
   * @param nonce {@link #NONCE_BYTES} random bytes
   * @param digest SHA-256(nonce || sealed), 32 bytes
   */
  public record Challenge(byte[] nonce, byte[] digest) {}

  private StorageProof() {}

  /** SHA-256(nonce || sealed): what a holder of {@code sealed} answers to {@code nonce}. */
  public static byte[] digest(byte[] nonce, byte[] sealed) {
    MessageDigest sha = Hashes.newSha256();
    sha.update(nonce);
    sha.update(sealed);
    return sha.digest();
  }

  /** {@code count} challenges over {@code sealed}, each with a fresh nonce from {@code random}. */
  public static List<Challenge> challenges(byte[] sealed, int count, SecureRandom random) {
    List<Challenge> challenges = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      challenges.add(new Challenge(nonce, digest(nonce, sealed)));
    }
    return challenges;
  }
}
