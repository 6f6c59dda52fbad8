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
 * @param uploadThreads chunks being sent to peers at once
 */
public record BackupSettings(String host, ChunkerParams chunking, int batchBytes, int batchWindow,
    int sealThreads, int uploadThreads) {

  public BackupSettings {
    if (batchBytes <= 0 || batchWindow <= 0 || sealThreads <= 0 || uploadThreads <= 0) {
      throw new IllegalArgumentException("backup settings must be positive: " + batchBytes + ", "
          + batchWindow + ", " + sealThreads + ", " + uploadThreads);
    }
  }

  /** Defaults for this machine: 16 MiB batches, 3 in flight, one seal thread per core, 8 uploads. */
  public static BackupSettings defaults(String host) {
    return new BackupSettings(host, ChunkerParams.defaults(), 16 << 20, 3,
        Runtime.getRuntime().availableProcessors(), 8);
  }
}
