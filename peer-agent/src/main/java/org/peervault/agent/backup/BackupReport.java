package org.peervault.agent.backup;

import java.time.Duration;
import java.util.List;
import org.peervault.agent.scan.Skipped;

/**
 * What a backup run did.
 *
 * @param files regular files backed up (read or found unchanged)
 * @param directories directories recorded
 * @param symlinks links recorded
 * @param bytes plaintext bytes of the backed-up files
 * @param newChunks chunks sealed and sent to peers in this run
 * @param deduplicatedChunks chunk references that cost no upload (already stored or repeated)
 * @param uploadedBytes sealed bytes sent to peers, all replicas counted
 * @param skipped paths left out, with the reason
 * @param unchangedFiles files the local index showed unchanged: not opened
 * @param readBytes bytes read from disk (a re-read after a change counts again)
 * @param availability what the committed snapshot achieves, as the repository computed it at commit;
 *     null when it did not say
 */
public record BackupReport(long snapshotId, long files, long directories, long symlinks, long bytes,
    long newChunks, long deduplicatedChunks, long uploadedBytes, List<Skipped> skipped, Duration elapsed,
    long unchangedFiles, long readBytes, Availability availability) {

  /**
   * The availability of a snapshot over its owner's restore window (DESIGN.md "Placement").
   *
   * @param achieved the lowest, over its chunks and the hours of the window, of 1 - prod(1 - p_i(h))
   * @param target the policy's p_s
   */
  public record Availability(double achieved, double target) {
    /** Whether the snapshot falls short of its target. */
    public boolean belowTarget() {
      return achieved < target;
    }
  }

  /** This report with the availability the repository recorded at commit. */
  public BackupReport withAvailability(Availability measured) {
    return new BackupReport(snapshotId, files, directories, symlinks, bytes, newChunks, deduplicatedChunks,
        uploadedBytes, skipped, elapsed, unchangedFiles, readBytes, measured);
  }

  /** Whether the repository reported the snapshot below its target availability. */
  public boolean belowTarget() {
    return availability != null && availability.belowTarget();
  }

  /** Plaintext throughput in MB/s (10^6 bytes per second). */
  public double megabytesPerSecond() {
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    return bytes / 1e6 / seconds;
  }
}
