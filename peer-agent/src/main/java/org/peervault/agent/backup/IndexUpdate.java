package org.peervault.agent.backup;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.peervault.agent.index.FileIndex;
import org.peervault.agent.scan.EntryKind;

/**
 * Records a committed backup's files in the local index and prunes what the scan no longer saw.
 * A file modified in the two seconds before the run started is left out: another write in the same
 * clock tick could leave its stamp unchanged (the "racy" case), so it is read again next time.
 * Failing to update the index costs only a re-read, so it is logged, never thrown.
 */
final class IndexUpdate {
  static final long RACY_MILLIS = 2_000;
  private static final Logger LOG = Logger.getLogger(IndexUpdate.class.getName());

  private final FileIndex index;
  private final long runStartedMillis;

  IndexUpdate(FileIndex index, long runStartedMillis) {
    this.index = index;
    this.runStartedMillis = runStartedMillis;
  }

  void record(List<Path> roots, List<PendingFile> files) {
    try {
      Set<Path> seen = new HashSet<>();
      int recorded = 0;
      for (PendingFile file : files) {
        if (file.entry().kind() != EntryKind.REGULAR) {
          continue;
        }
        Path source = file.entry().source();
        seen.add(source);
        if (file.entry().mtimeMillis() >= runStartedMillis - RACY_MILLIS) {
          index.remove(source);
        } else {
          index.put(source, file.toIndexed());
          recorded++;
        }
      }
      int pruned = index.prune(roots, seen);
      index.commit();
      int count = recorded;
      LOG.info(() -> "event=index_updated recorded=" + count + " pruned=" + pruned + " entries=" + index.size());
    } catch (RuntimeException e) {
      LOG.warning(() -> "event=index_update_failed reason=\"" + e.getMessage()
          + "\" effect=\"the next backup reads these files again\"");
    }
  }
}
