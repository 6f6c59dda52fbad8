package org.peervault.agent.backup;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.peervault.agent.progress.Progress;
import org.peervault.agent.progress.ProgressListener;
import org.peervault.agent.scan.Entry;
import org.peervault.agent.scan.EntryKind;
import org.peervault.agent.scan.Skipped;

/**
 * Progress of one backup run: counts files and bytes, builds the report, and tells the listener.
 * Used by the reading thread.
 */
final class BackupProgress {
  private final long started = System.nanoTime();
  private final long filesTotal;
  private final long bytesTotal;
  private final ProgressListener listener;
  private final LongSupplier uploaded;
  private final PlacedAvailability placed;
  private long filesDone;
  private long bytesDone;
  private long readBytes;

  BackupProgress(List<Entry> entries, ProgressListener listener, LongSupplier uploaded, PlacedAvailability placed) {
    this.filesTotal = entries.stream().filter(e -> e.kind() == EntryKind.REGULAR).count();
    this.bytesTotal = entries.stream().mapToLong(Entry::sizeBytes).sum();
    this.listener = listener;
    this.uploaded = uploaded;
    this.placed = placed;
    tell("scan");
  }

  void read(long bytes) {
    readBytes += bytes;
    bytesDone += bytes;
    tell("transfer");
  }

  void unchanged(long bytes) {
    bytesDone += bytes;
    fileDone();
  }

  void fileDone() {
    filesDone++;
    tell("transfer");
  }

  void done() {
    tell("done");
  }

  private void tell(String phase) {
    listener.update(new Progress("backup", phase, filesDone, filesTotal, Math.min(bytesDone, bytesTotal),
        bytesTotal, uploaded.getAsLong(), Duration.ofNanos(System.nanoTime() - started), placed.lowest(),
        placed.target(), placed.belowTarget()));
  }

  BackupReport report(long snapshotId, List<PendingFile> pending, long unchangedFiles, long newChunks,
      long dedupChunks, List<Skipped> skipped) {
    long files = 0;
    long directories = 0;
    long symlinks = 0;
    long bytes = 0;
    for (PendingFile f : pending) {
      switch (f.entry().kind()) {
        case REGULAR -> {
          files++;
          bytes += f.sizeBytes();
        }
        case DIRECTORY -> directories++;
        case SYMLINK -> symlinks++;
      }
    }
    return new BackupReport(snapshotId, files, directories, symlinks, bytes, newChunks, dedupChunks,
        uploaded.getAsLong(), List.copyOf(skipped), Duration.ofNanos(System.nanoTime() - started),
        unchangedFiles, readBytes, null);
  }
}
