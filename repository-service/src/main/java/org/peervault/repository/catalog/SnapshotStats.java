package org.peervault.repository.catalog;

import org.peervault.repository.PeerVaultException;

/**
 * Counters of one backup run, as the agent reports them at commit. Sizes in bytes.
 *
 * @param files file versions in the snapshot
 * @param bytes total size of those files
 * @param newChunks chunks uploaded by this run
 * @param deduplicatedChunks chunks this run found already stored
 * @param uploadedBytes bytes sent to peers (stored sizes, all replicas)
 * @param skippedFiles files skipped as unchanged
 */
public record SnapshotStats(long files, long bytes, long newChunks, long deduplicatedChunks,
    long uploadedBytes, long skippedFiles) {

  /** Checks that no counter is negative. */
  public SnapshotStats {
    if (files < 0 || bytes < 0 || newChunks < 0 || deduplicatedChunks < 0 || uploadedBytes < 0
        || skippedFiles < 0) {
      throw PeerVaultException.invalid("invalid-stats", "snapshot: stats must not be negative");
    }
  }
}
