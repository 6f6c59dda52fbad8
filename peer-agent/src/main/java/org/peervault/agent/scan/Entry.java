package org.peervault.agent.scan;

import java.nio.file.Path;

/**
 * One scanned directory, file or link.
 *
 * @param snapshotPath relative '/'-separated name in the snapshot
 * @param source where it lies on this machine
 * @param sizeBytes size at scan time (0 for directories and links)
 * @param mode POSIX permission bits
 * @param mtimeMillis modification time
 * @param linkTarget the link's target, for symlinks; empty otherwise
 * @param stamp size, mtime, ctime and inode at scan time, to tell a change without reading
 */
public record Entry(String snapshotPath, Path source, EntryKind kind, long sizeBytes, int mode,
    long mtimeMillis, String linkTarget, FileStamp stamp) {

  /** An entry whose stamp is just its size and mtime. */
  public Entry(String snapshotPath, Path source, EntryKind kind, long sizeBytes, int mode, long mtimeMillis,
      String linkTarget) {
    this(snapshotPath, source, kind, sizeBytes, mode, mtimeMillis, linkTarget,
        new FileStamp(sizeBytes, mtimeMillis, 0, 0));
  }

  /** This entry as of a newer stamp (its size and mtime follow the stamp). */
  public Entry restamped(FileStamp newer) {
    return new Entry(snapshotPath, source, kind, newer.sizeBytes(), mode, newer.mtimeMillis(), linkTarget, newer);
  }
}
