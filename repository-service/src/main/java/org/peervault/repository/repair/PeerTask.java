package org.peervault.repository.repair;

import java.time.Instant;

/**
 * A task ordered to a peer (see the package terms). Sizes in bytes.
 *
 * @param deviceId the peer that carries it out (a copy's target)
 * @param reason why it was ordered: {@code repair}, {@code drain}, {@code gc}, {@code audit}
 * @param attempts leases handed out so far
 * @param leaseExpiresAt end of the current lease; null before the first
 * @param nonce the challenge of an AUDIT task; null otherwise
 */
public record PeerTask(long id, long organizationId, long deviceId, Kind kind, String chunkId,
    String reason, State state, int attempts, Instant leaseExpiresAt, long storedSizeBytes,
    byte[] nonce) {

  /** What the peer does. */
  public enum Kind { COPY, DELETE, AUDIT }

  /** Where the task stands: PENDING and LEASED are open, DONE and FAILED finished. */
  public enum State {
    PENDING, LEASED, DONE, FAILED;

    /** Whether the task is finished. */
    public boolean finished() {
      return this == DONE || this == FAILED;
    }
  }

  /**
   * A task to order.
   *
   * @param nonce the challenge of an AUDIT task; null otherwise
   */
  public record New(long organizationId, long deviceId, Kind kind, String chunkId, String reason,
      long storedSizeBytes, byte[] nonce) {

    /** A copy of a chunk to {@code deviceId}. */
    public static New copy(long organizationId, long deviceId, String chunkId, String reason,
        long storedSizeBytes) {
      return new New(organizationId, deviceId, Kind.COPY, chunkId, reason, storedSizeBytes, null);
    }

    /** A delete of a chunk from {@code deviceId}'s store. */
    public static New delete(long organizationId, long deviceId, String chunkId, String reason,
        long storedSizeBytes) {
      return new New(organizationId, deviceId, Kind.DELETE, chunkId, reason, storedSizeBytes,
          null);
    }
  }
}
