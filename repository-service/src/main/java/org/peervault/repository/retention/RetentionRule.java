package org.peervault.repository.retention;

import java.time.Duration;
import java.time.Instant;
import org.peervault.repository.policy.PolicySettings;

/**
 * When the file versions of one device expire, from its policy (paper 3.1.3, DESIGN.md
 * "Policy"). The rule, applied per snapshot of the device:
 * <ul>
 *   <li>the device's newest committed snapshot is kept whole, however old: the last state of
 *       every path that still exists there stays restorable (a laptop that stopped backing up,
 *       lost or stolen, keeps its last backup);</li>
 *   <li>any other version expires once its snapshot is older than the retention of its path:
 *       {@code recordRetention} for paths matching the record patterns, {@code retention} for
 *       the others. Exactly as old as the retention is still kept.</li>
 * </ul>
 * Snapshots are full (every run lists every path), so a version that stops being current stays
 * restorable for the retention period after the last snapshot that held it; a deleted file
 * likewise. Versions of one path expire oldest first, so a point-in-time restore never sees a
 * newer version vanish before an older one. Immutable.
 *
 * @param retention how long an ordinary version is kept
 * @param recordRetention how long a record is kept
 * @param records which paths are records
 */
public record RetentionRule(Duration retention, Duration recordRetention, RecordPatterns records) {

  /** What the rule decides for a whole snapshot before looking at its paths. */
  public enum SnapshotFate {
    /** Nothing in it expires now. */
    KEEP,
    /** Every version in it expires. */
    EXPIRE,
    /** Some paths expire, depending on whether they are records. */
    BY_PATH
  }

  /** The rule of a policy. */
  public static RetentionRule of(PolicySettings policy) {
    return new RetentionRule(Duration.ofDays(policy.retentionDays()),
        Duration.ofDays(policy.recordRetentionDays()), RecordPatterns.parse(policy.recordPatterns()));
  }

  /** How long a version of {@code path} is kept. */
  public Duration retentionOf(String path) {
    return records.matches(path) ? recordRetention : retention;
  }

  /** Whether a version of {@code path} in a snapshot taken at {@code takenAt} has expired. */
  public boolean expired(String path, Instant takenAt, Instant now) {
    return takenAt.plus(retentionOf(path)).isBefore(now);
  }

  /**
   * The fate of a snapshot taken at {@code takenAt}.
   *
   * @param newest whether it is the device's newest committed snapshot
   */
  public SnapshotFate fate(Instant takenAt, boolean newest, Instant now) {
    if (newest) {
      return SnapshotFate.KEEP;
    }
    Duration shortest = records.isEmpty() ? retention : min(retention, recordRetention);
    Duration longest = records.isEmpty() ? retention : max(retention, recordRetention);
    if (!takenAt.plus(shortest).isBefore(now)) {
      return SnapshotFate.KEEP;
    }
    return takenAt.plus(longest).isBefore(now) ? SnapshotFate.EXPIRE : SnapshotFate.BY_PATH;
  }

  /** The latest time a snapshot may have been taken and still have something expire now. */
  public Instant expiresBefore(Instant now) {
    return now.minus(records.isEmpty() ? retention : min(retention, recordRetention));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
