package org.peervault.repository.proof;

import java.security.MessageDigest;

/** The outcome of one audit (see the package terms). */
public enum Verdict {
  PENDING, PASSED, FAILED, MISSED, CANCELLED;

  /**
   * Judges an answer: PASSED only when the holder says it answered and its proof is exactly the
   * expected digest (compared in constant time); FAILED otherwise, including a holder that
   * reports it cannot answer (it no longer has the chunk, or cannot read it).
   */
  public static Verdict judge(byte[] expectedDigest, boolean answered, byte[] proof) {
    return answered && proof != null && proof.length == expectedDigest.length
        && MessageDigest.isEqual(expectedDigest, proof) ? PASSED : FAILED;
  }

  /** Whether this verdict marks the replica lost. */
  public boolean losesReplica() {
    return this == FAILED || this == MISSED;
  }
}
