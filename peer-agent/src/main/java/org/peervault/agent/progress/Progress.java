package org.peervault.agent.progress;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a backup or restore stands. Totals are known after the scan (backup) or plan (restore).
 *
 * @param operation "backup" or "restore"
 * @param phase "scan", "transfer" or "done"
 * @param filesDone files handled so far (read, found unchanged, skipped, or written)
 * @param filesTotal files to handle
 * @param bytesDone plaintext bytes handled so far
 * @param bytesTotal plaintext bytes to handle
 * @param transferredBytes sealed bytes sent to (backup) or fetched from (restore) peers
 * @param elapsed time since the operation started
 * @param placedAvailability backup: the lowest availability the repository achieved for the chunks
 *     placed so far (DESIGN.md "Placement"), or -1 before any was placed
 * @param targetAvailability backup: the target they were placed for, or -1 before any was placed
 * @param belowTargetChunks backup: chunks placed below the target so far (the best the peers allowed)
 */
public record Progress(String operation, String phase, long filesDone, long filesTotal, long bytesDone,
    long bytesTotal, long transferredBytes, Duration elapsed, double placedAvailability,
    double targetAvailability, long belowTargetChunks) {

  /** Progress without placements (a restore, or a backup before its first placement). */
  public Progress(String operation, String phase, long filesDone, long filesTotal, long bytesDone,
      long bytesTotal, long transferredBytes, Duration elapsed) {
    this(operation, phase, filesDone, filesTotal, bytesDone, bytesTotal, transferredBytes, elapsed, -1, -1, 0);
  }

  /** Plaintext bytes per second so far. */
  public double bytesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : bytesDone / seconds;
  }

  /** Time left at the speed so far; empty before there is a speed to go by. */
  public Optional<Duration> eta() {
    double speed = bytesPerSecond();
    if (speed <= 0 || bytesDone == 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) (Math.max(0, bytesTotal - bytesDone) / speed * 1000)));
  }
}
