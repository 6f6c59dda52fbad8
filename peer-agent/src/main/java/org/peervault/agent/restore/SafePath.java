package org.peervault.agent.restore;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Turns repository paths into paths under a restore's target directory, refusing every path that
 * could write elsewhere. Repository paths come from the network and are not trusted: they are
 * relative, '/'-separated, and may not be empty or contain "", "." or ".." segments, NUL
 * characters or backslashes. Stateless and thread-safe.
 *
 * <p>A path that is lexically safe can still escape through a symbolic link planted in the target
 * (by an earlier entry of the same restore, or by another user): {@link #checkNoSymlinkParents}
 * refuses those. The check and the later write are not atomic; writers should create files
 * without following links where the platform allows.
 */
public final class SafePath {

  private SafePath() {}

  /**
   * The path under {@code targetDir} that {@code relativePath} names.
   *
   * @param targetDir the restore's target directory (need not exist yet)
   * @param relativePath the repository's path, e.g. {@code "docs/2024/report final.pdf"}
   * @return an absolute, normalized path strictly under {@code targetDir}
   * @throws PathEscapeException when the path is malformed or leaves the target directory
   */
  public static Path resolve(Path targetDir, String relativePath) {
    Path base = base(targetDir);
    if (relativePath == null || relativePath.isEmpty()) {
      throw new PathEscapeException(String.valueOf(relativePath), base, "it is empty");
    }
    if (relativePath.indexOf('\0') >= 0) {
      throw new PathEscapeException(relativePath, base, "it contains a NUL character");
    }
    if (relativePath.indexOf('\\') >= 0) {
      throw new PathEscapeException(relativePath, base,
          "it contains a backslash; repository paths are '/'-separated");
    }
    if (relativePath.startsWith("/")) {
      throw new PathEscapeException(relativePath, base,
          "it is absolute; repository paths are relative to the target directory " + base);
    }
    Path result = base;
    int depth = 0;
    for (String segment : relativePath.split("/", -1)) {
      if (segment.equals("..")) {
        throw new PathEscapeException(relativePath, base,
            depth == 0 ? leaves(base) : "it has a \"..\" segment");
      }
      result = result.resolve(checkSegment(relativePath, base, segment));
      depth++;
    }
    Path normalized = result.normalize();
    if (!normalized.startsWith(base) || normalized.equals(base)) {
      throw new PathEscapeException(relativePath, base, leaves(base));
    }
    return normalized;
  }

  /**
   * Refuses {@code resolved} when a directory between {@code targetDir} and it is a symbolic
   * link, so that a planted link cannot redirect a write outside the target. Components that do
   * not exist yet are fine (the restore creates them as directories). {@code targetDir} itself
   * may be a link: the user chose it.
   *
   * @param targetDir the restore's target directory
   * @param resolved a path from {@link #resolve}
   * @throws PathEscapeException when a parent is a symbolic link, or {@code resolved} is not
   *     under {@code targetDir}
   */
  public static void checkNoSymlinkParents(Path targetDir, Path resolved) {
    Path base = base(targetDir);
    Path path = Objects.requireNonNull(resolved, "resolved").toAbsolutePath().normalize();
    if (!path.startsWith(base) || path.equals(base)) {
      throw new PathEscapeException(resolved.toString(), base, leaves(base));
    }
    Path relative = base.relativize(path);
    Path current = base;
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      current = current.resolve(relative.getName(i));
      if (Files.isSymbolicLink(current)) {
        throw new PathEscapeException(relative.toString(), base, "its parent directory " + current
            + " is a symbolic link, which could lead outside the target directory " + base
            + "; remove the link or restore into an empty directory");
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
    }
  }

  private static Path checkSegment(String relativePath, Path base, String segment) {
    if (segment.isEmpty()) {
      throw new PathEscapeException(relativePath, base,
          "it has an empty segment (a leading, trailing or doubled '/')");
    }
    if (segment.equals(".")) {
      throw new PathEscapeException(relativePath, base, "it has a \".\" segment");
    }
    Path name;
    try {
      name = base.getFileSystem().getPath(segment);
    } catch (InvalidPathException e) {
      throw new PathEscapeException(relativePath, base,
          "segment \"" + segment + "\" is not a valid file name here: " + e.getReason());
    }
    // On Windows "C:" or "C:x" parse with a root or drive; only a plain single name is allowed.
    if (name.isAbsolute() || name.getRoot() != null || name.getNameCount() != 1) {
      throw new PathEscapeException(relativePath, base,
          "segment \"" + segment + "\" is not a plain file name on this system");
    }
    return name;
  }

  private static Path base(Path targetDir) {
    return Objects.requireNonNull(targetDir, "targetDir").toAbsolutePath().normalize();
  }

  private static String leaves(Path base) {
    return "it leaves the target directory " + base;
  }
}
