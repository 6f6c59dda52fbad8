package org.peervault.agent.restore;

import java.time.Duration;
import java.util.List;

/**
 * What a restore did.
 *
 * @param files regular files written
 * @param directories directories created or updated
 * @param symlinks links created
 * @param bytes plaintext bytes written
 * @param fetchedBytes sealed bytes received from peers
 * @param corruptReplicas copies that failed verification and were replaced by another replica
 * @param failedAttempts fetches that failed on the transport (dead or slow peer) and were retried
 * @param errors paths that could not be restored, with the reason
 * @param keptExisting files and links left as they were because they existed ({@link ExistingFiles#SKIP})
 * @param renamed backed-up versions written beside an existing file ({@link ExistingFiles#RENAME})
 */
public record RestoreReport(long files, long directories, long symlinks, long bytes, long fetchedBytes,
    long corruptReplicas, long failedAttempts, List<String> errors, Duration elapsed, long keptExisting,
    long renamed) {

  /** Plaintext throughput in MB/s (10^6 bytes per second). */
  public double megabytesPerSecond() {
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    return bytes / 1e6 / seconds;
  }
}
