package org.peervault.repository.restore;

import java.util.List;
import org.peervault.repository.catalog.FileEntry;

/**
 * One batch of a restore: file versions in path order and the locations of the chunks they use
 * that earlier batches of the same restore did not send.
 */
public record RestoreBatch(List<FileEntry> files, List<ChunkLocation> chunks) {

  /**
   * Where to fetch one chunk and how to decrypt it.
   *
   * @param key the AES-256 chunk key
   * @param replicas peers holding it, live ones first, most recently seen first
   */
  public record ChunkLocation(String chunkId, byte[] key, long storedSizeBytes,
      List<Holder> replicas) {}

  /** A peer holding a replica. */
  public record Holder(long deviceId, String address) {}
}
