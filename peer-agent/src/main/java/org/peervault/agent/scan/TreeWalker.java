package org.peervault.agent.scan;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks backup roots without following links and lists their entries, parents before children.
 * Unreadable directories and special files (sockets, pipes, devices) are reported as skipped and
 * the walk goes on; paths the {@link Exclusions} leave out are listed as excluded and excluded
 * directories are not entered. Not thread-safe; one walker per scan.
 */
public final class TreeWalker {
  private final List<Entry> entries = new ArrayList<>();
  private final List<Skipped> skipped = new ArrayList<>();
  private final List<Excluded> excluded = new ArrayList<>();
  private final Exclusions exclusions;

  private TreeWalker(Exclusions exclusions) {
    this.exclusions = exclusions;
  }

  /** The result of a scan. */
  public record Scan(List<Entry> entries, List<Skipped> skipped, List<Excluded> excluded) {}

  /** Scans every root, excluding nothing. */
  public static Scan scan(List<Path> roots) throws IOException {
    return scan(roots, Exclusions.none());
  }

  /**
   * Scans every root.
   *
   * @throws IllegalArgumentException when a root is missing, not a directory, or two roots share a
   *     name (their snapshot paths would collide)
   */
  public static Scan scan(List<Path> roots, Exclusions exclusions) throws IOException {
    TreeWalker walker = new TreeWalker(exclusions);
    Set<String> names = new HashSet<>();
    for (Path root : roots) {
      Path absolute = root.toAbsolutePath().normalize();
      if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException("backup: " + root + " is not a directory");
      }
      String name = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("backup: the file system root cannot be a backup root; name its directories");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException("backup: two roots are named \"" + name
            + "\"; back them up in separate runs or from their common parent");
      }
      walker.walk(absolute, name);
    }
    return new Scan(List.copyOf(walker.entries), List.copyOf(walker.skipped), List.copyOf(walker.excluded));
  }

  private void walk(Path root, String name) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(root) && excluded(name, root, dir, true)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        entries.add(entry(dir, name, root, EntryKind.DIRECTORY, attrs, ""));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String path = snapshotPath(name, root, file);
        if (excluded(name, root, file, false)) {
          return FileVisitResult.CONTINUE;
        }
        try {
          if (attrs.isRegularFile()) {
            entries.add(entry(file, name, root, EntryKind.REGULAR, attrs, ""));
          } else if (attrs.isSymbolicLink()) {
            entries.add(entry(file, name, root, EntryKind.SYMLINK, attrs,
                Files.readSymbolicLink(file).toString()));
          } else {
            skipped.add(new Skipped(path, "not a regular file, directory or link"));
          }
        } catch (java.nio.file.NoSuchFileException e) {
          skipped.add(new Skipped(path, "vanished while the tree was scanned"));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        skipped.add(new Skipped(snapshotPath(name, root, file), "unreadable: " + describe(e)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        if (e != null) {
          skipped.add(new Skipped(snapshotPath(name, root, dir), "listing failed: " + describe(e)));
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private boolean excluded(String name, Path root, Path path, boolean directory) {
    String relative = snapshotPath(name, root, path).substring(name.length() + 1);
    return exclusions.reason(relative, directory).map(reason -> {
      excluded.add(new Excluded(snapshotPath(name, root, path), reason));
      return true;
    }).orElse(false);
  }

  private static Entry entry(Path path, String name, Path root, EntryKind kind, BasicFileAttributes attrs,
      String linkTarget) throws IOException {
    long size = kind == EntryKind.REGULAR ? attrs.size() : 0;
    FileStamp stamp = kind == EntryKind.REGULAR ? FileStamp.read(path) : FileStamp.of(attrs);
    return new Entry(snapshotPath(name, root, path), path, kind, size, FileMode.read(path),
        attrs.lastModifiedTime().toMillis(), linkTarget, stamp);
  }

  static String snapshotPath(String name, Path root, Path path) {
    Path relative = root.relativize(path);
    if (relative.toString().isEmpty()) {
      return name;
    }
    StringBuilder result = new StringBuilder(name);
    for (Path segment : relative) {
      result.append('/').append(segment);
    }
    return result.toString();
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
