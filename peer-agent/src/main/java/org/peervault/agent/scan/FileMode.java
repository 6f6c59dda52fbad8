package org.peervault.agent.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** POSIX permission bits of a path, read for backup and applied on restore. */
public final class FileMode {
  private static final PosixFilePermission[] BITS = PosixFilePermission.values();

  private FileMode() {}

  /** The permission bits (with setuid, setgid and sticky where the platform tells them). */
  public static int read(Path path) {
    try {
      return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      try {
        int mode = 0;
        for (PosixFilePermission p : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
          mode |= 1 << (8 - p.ordinal());
        }
        return mode;
      } catch (UnsupportedOperationException | IOException notPosix) {
        return 0644;
      }
    }
  }

  /** Sets the nine rwx bits of {@code mode} on {@code path} (not following links). */
  public static void apply(Path path, int mode) throws IOException {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : BITS) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) {
        permissions.add(p);
      }
    }
    try {
      Files.setAttribute(path, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }
}
