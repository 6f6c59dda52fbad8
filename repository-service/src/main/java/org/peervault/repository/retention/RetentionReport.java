package org.peervault.repository.retention;

/**
 * What one retention run did in one organization.
 *
 * @param expiredVersions file versions removed
 * @param removedSnapshots snapshots removed (every version expired)
 * @param collectedChunks chunks no longer referenced, now being deleted from peers
 * @param orderedDeletes delete orders given to the peers holding them
 */
public record RetentionReport(long expiredVersions, long removedSnapshots, long collectedChunks,
    long orderedDeletes) {

  /** Nothing done. */
  public static final RetentionReport NONE = new RetentionReport(0, 0, 0, 0);

  /** This report and {@code other} added up. */
  public RetentionReport plus(RetentionReport other) {
    return new RetentionReport(expiredVersions + other.expiredVersions,
        removedSnapshots + other.removedSnapshots, collectedChunks + other.collectedChunks,
        orderedDeletes + other.orderedDeletes);
  }
}
