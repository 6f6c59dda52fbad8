package org.peervault.repository.retention;

import java.time.Instant;

/**
 * A recorded retention run of one organization. {@code deletedReplicas} and
 * {@code reclaimedBytes} grow after the run as peers report the deletions it ordered.
 *
 * @param finishedAt null while running (or when the instance died mid-run)
 * @param reclaimedBytes stored bytes peers reported deleted
 */
public record RetentionRun(long id, Instant startedAt, Instant finishedAt, long expiredVersions,
    long removedSnapshots, long collectedChunks, long orderedDeletes, long deletedReplicas,
    long reclaimedBytes) {

  /**
   * Collection work under way in an organization.
   *
   * @param collectingChunks chunks marked for collection whose replicas are not all deleted yet
   * @param pendingDeletes delete orders peers have not reported done
   * @param pendingBytes stored bytes those orders will free
   */
  public record Backlog(long collectingChunks, long pendingDeletes, long pendingBytes) {}
}
