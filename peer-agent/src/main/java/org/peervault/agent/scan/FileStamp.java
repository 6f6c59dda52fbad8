package org.peervault.agent.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What tells a file changed without reading it: size, mtime, ctime and inode. ctime and inode come
 * from the "unix:" attribute view where the platform has one, else they are 0 (and only size and
 * mtime count). Two equal stamps mean "treat as unchanged".
 *
 * @param sizeBytes length in bytes
 * @param mtimeMillis last modification
 * @param ctimeMillis last status change (0 when unknown)
 * @param inode file number on its device (0 when unknown)
 */
public record FileStamp(long sizeBytes, long mtimeMillis, long ctimeMillis, long inode) {

  /** Reads the stamp of {@code path} without following a link. */
  public static FileStamp read(Path path) throws IOException {
    try {
      Map<String, Object> unix = Files.readAttributes(path, "unix:size,lastModifiedTime,ctime,ino",
          LinkOption.NOFOLLOW_LINKS);
      return new FileStamp((Long) unix.get("size"), ((FileTime) unix.get("lastModifiedTime")).toMillis(),
          ((FileTime) unix.get("ctime")).toMillis(), (Long) unix.get("ino"));
    } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
      BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return of(basic);
    }
  }

  /** The stamp basic attributes give (no ctime, no inode). */
  public static FileStamp of(BasicFileAttributes attrs) {
    return new FileStamp(attrs.size(), attrs.lastModifiedTime().toMillis(), 0, 0);
  }
}
