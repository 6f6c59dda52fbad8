package org.peervault.agent.objects;

import org.peervault.agent.backup.BackupSettings;
import org.peervault.agent.chunk.ChunkerParams;

/**
 * How {@link PeerObjectStore} stores and reads.
 *
 * @param writes how bodies are chunked, batched, sealed and sent (the backup's settings); a
 *     write holds about {@code (batchWindow + 1) x batchBytes x 2} bytes at most
 * @param readAheadChunks chunks a read fetches ahead of the reader, each from another replica
 * @param fetchThreads chunk fetches running at once over all reads
 * @param locatePageChunks chunk locations (with their grants) asked for per repository call
 */
public record ObjectStoreSettings(BackupSettings writes, int readAheadChunks, int fetchThreads,
    int locatePageChunks) {

  public ObjectStoreSettings {
    if (readAheadChunks < 1 || fetchThreads < 1 || locatePageChunks < 1
        || locatePageChunks > 256) {
      throw new IllegalArgumentException("object store settings: read-ahead and fetch threads"
          + " must be positive and pages 1 to 256 chunks, got " + readAheadChunks + ", "
          + fetchThreads + ", " + locatePageChunks);
    }
  }

  /** 8 MiB batches, 2 in flight, one seal thread per core; 4 chunks read ahead. */
  public static ObjectStoreSettings defaults() {
    return new ObjectStoreSettings(new BackupSettings("s3-gateway", ChunkerParams.defaults(),
        8 << 20, 2, Runtime.getRuntime().availableProcessors(), 0, false), 4, 16, 64);
  }
}
