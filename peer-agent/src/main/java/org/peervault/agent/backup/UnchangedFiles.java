package org.peervault.agent.backup;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.index.FileIndex;
import org.peervault.agent.index.IndexedChunk;
import org.peervault.agent.index.IndexedFile;
import org.peervault.agent.scan.Entry;
import org.peervault.agent.scan.EntryKind;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.ChunkKey;

/**
 * Finds the scanned files a backup need not open: those whose stamp equals their index entry's and
 * whose every chunk the repository still stores under the indexed id. The chunks of all candidates
 * are checked with batched {@code LookupChunks} calls by plaintext hash; a file with any chunk
 * unknown (garbage-collected, or the index is from another repository) is dropped from the index
 * and read again.
 */
final class UnchangedFiles {
  private static final Logger LOG = Logger.getLogger(UnchangedFiles.class.getName());

  private final FileIndex index;
  private final RepositoryClient repository;

  UnchangedFiles(FileIndex index, RepositoryClient repository) {
    this.index = index;
    this.repository = repository;
  }

  /** Source path to indexed content, for each regular entry that is unchanged and still stored. */
  Map<Path, IndexedFile> find(List<Entry> entries) {
    Map<Path, IndexedFile> candidates = new HashMap<>();
    Map<ByteString, ChunkId> expected = new LinkedHashMap<>();
    for (Entry entry : entries) {
      if (entry.kind() != EntryKind.REGULAR) {
        continue;
      }
      index.get(entry.source()).filter(f -> f.stamp().equals(entry.stamp())).ifPresent(f -> {
        candidates.put(entry.source(), f);
        f.chunks().forEach(c -> expected.put(c.plainHash(), c.id()));
      });
    }
    if (expected.isEmpty()) {
      return candidates;
    }
    List<ByteString> hashes = new ArrayList<>(expected.keySet());
    List<ChunkKey> keys = repository.lookup(hashes.stream().map(ByteString::toByteArray).toList());
    Set<ByteString> stored = new HashSet<>();
    for (int i = 0; i < hashes.size(); i++) {
      if (keys.get(i).getChunkId().equals(expected.get(hashes.get(i)).hex())) {
        stored.add(hashes.get(i));
      }
    }
    int before = candidates.size();
    candidates.entrySet().removeIf(e -> {
      boolean missing = e.getValue().chunks().stream().map(IndexedChunk::plainHash).anyMatch(h -> !stored.contains(h));
      if (missing) {
        index.remove(e.getKey());
      }
      return missing;
    });
    int invalidated = before - candidates.size();
    LOG.info(() -> "event=index_checked unchanged=" + candidates.size() + " invalidated=" + invalidated
        + " chunks_checked=" + hashes.size());
    return candidates;
  }
}
