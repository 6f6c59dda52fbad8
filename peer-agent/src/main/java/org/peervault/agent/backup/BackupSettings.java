package org.peervault.agent.backup;

import org.peervault.agent.chunk.ChunkerParams;

/**
 * How a backup runs.
 *
 * @param host the machine name recorded in the snapshot
 * @param chunking content-defined chunking bounds
 * @param batchBytes plaintext bytes collected before a batch is looked up, sealed and sent
 * @param batchWindow batches in flight at once (bounds memory to about window x batchBytes x 2)
 * @param sealThreads threads compressing and encrypting
 * @param uploadBytesPerSecond cap on sealed bytes sent to peers per second, all replicas counted (0: none)
 * @param lowPriority run the backup's threads at the lowest Java priority
 */
public record BackupSettings(String host, ChunkerParams chunking, int batchBytes, int batchWindow,
    int sealThreads, long uploadBytesPerSecond, boolean lowPriority) {

  public BackupSettings {
    if (batchBytes <= 0 || batchWindow <= 0 || sealThreads <= 0 || uploadBytesPerSecond < 0) {
      throw new IllegalArgumentException("backup settings must be positive: " + batchBytes + ", "
          + batchWindow + ", " + sealThreads + ", " + uploadBytesPerSecond);
    }
  }

  /**
   * Defaults for this machine: 16 MiB batches, 3 in flight (each sent as one stream per peer), one
   * seal thread per core, no cap.
   */
  public static BackupSettings defaults(String host) {
    return new BackupSettings(host, ChunkerParams.defaults(), 16 << 20, 3,
        Runtime.getRuntime().availableProcessors(), 0, false);
  }

  /** These settings with sends capped at {@code bytesPerSecond} (0 lifts the cap). */
  public BackupSettings withUploadLimit(long bytesPerSecond) {
    return new BackupSettings(host, chunking, batchBytes, batchWindow, sealThreads, bytesPerSecond,
        lowPriority);
  }

  /**
   * These settings made gentle on the machine: one seal thread, one batch in flight,
   * lowest thread priority. The OS-level way is {@code nice}/{@code ionice} (the systemd unit sets
   * {@code Nice=} and {@code IOSchedulingClass=idle}); Java thread priorities alone are a hint.
   */
  public BackupSettings withLowPriority() {
    return new BackupSettings(host, chunking, batchBytes, 1, 1, uploadBytesPerSecond,
        true);
  }
}
