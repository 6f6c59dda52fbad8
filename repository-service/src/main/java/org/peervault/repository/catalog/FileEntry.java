package org.peervault.repository.catalog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One file version as the agent sends it and a restore returns it, detached from persistence.
 *
 * @param path relative path ({@link PathRules})
 * @param sizeBytes file size; for a regular file, the sum of its chunks' plain sizes
 * @param mode POSIX permission bits (0 to 07777)
 * @param linkTarget symlink target, empty for other kinds
 * @param chunks a regular file's content in order; empty for other kinds
 */
public record FileEntry(String path, FileVersion.Kind kind, long sizeBytes, int mode,
    long mtimeMillis, String linkTarget, List<Slice> chunks) {

  /** Highest accepted mode: the POSIX permission bits, including setuid, setgid and sticky. */
  public static final int MAX_MODE = 07777;

  /** One chunk of a file's content and how many plaintext bytes of the file it holds. */
  /**
   * One chunk of a file's content.
   *
   * @param plainHash SHA-256 of the chunk's plaintext when an agent sends the slice (proof that it
   *     knows the content); null when read back from the catalog
   */
  public record Slice(String chunkId, long plainSizeBytes, byte[] plainHash) {
    public Slice(String chunkId, long plainSizeBytes) {
      this(chunkId, plainSizeBytes, null);
    }
  }

  /**
   * Why this entry is not acceptable, or empty when it is: the path rules, a known kind,
   * non-negative sizes, permission bits only, and content that fits the kind (a regular file's
   * chunks add up to its size; directories and symlinks have no chunks; a symlink has a target).
   */
  public Optional<String> problem() {
    Optional<String> pathProblem = PathRules.problem(path);
    if (pathProblem.isPresent()) {
      return pathProblem;
    }
    if (kind == null) {
      return Optional.of("its kind is unspecified (REGULAR, DIRECTORY or SYMLINK)");
    }
    if (sizeBytes < 0) {
      return Optional.of("its size " + sizeBytes + " is negative");
    }
    if ((mode & ~MAX_MODE) != 0) {
      return Optional.of("its mode 0" + Integer.toOctalString(mode) + " has bits beyond the"
          + " permission bits 07777");
    }
    boolean hasTarget = linkTarget != null && !linkTarget.isEmpty();
    return switch (kind) {
      case REGULAR -> hasTarget ? Optional.of("a regular file has no link target")
          : contentProblem();
      case DIRECTORY -> !chunks.isEmpty() ? Optional.of("a directory has no chunks")
          : hasTarget ? Optional.of("a directory has no link target") : Optional.empty();
      case SYMLINK -> !chunks.isEmpty() ? Optional.of("a symlink has no chunks")
          : linkTargetProblem();
    };
  }

  private Optional<String> contentProblem() {
    long sum = 0;
    for (Slice slice : chunks) {
      if (!Chunk.isValidId(slice.chunkId())) {
        return Optional.of("chunk id " + PathRules.quote(slice.chunkId()) + " is not 64"
            + " lowercase hex digits");
      }
      if (slice.plainSizeBytes() <= 0) {
        return Optional.of("chunk " + Chunk.shortId(slice.chunkId()) + " has plain size "
            + slice.plainSizeBytes() + "; chunk sizes are positive");
      }
      sum += slice.plainSizeBytes();
      if (sum < 0) {
        return Optional.of("its chunk sizes overflow");
      }
    }
    if (sum != sizeBytes) {
      return Optional.of("its chunks hold " + sum + " bytes but its size is " + sizeBytes);
    }
    return Optional.empty();
  }

  private Optional<String> linkTargetProblem() {
    if (linkTarget == null || linkTarget.isEmpty()) {
      return Optional.of("a symlink needs a link target");
    }
    if (linkTarget.indexOf('\0') >= 0) {
      return Optional.of("its link target contains a NUL character");
    }
    if (linkTarget.getBytes(StandardCharsets.UTF_8).length > PathRules.MAX_PATH_BYTES) {
      return Optional.of("its link target is longer than " + PathRules.MAX_PATH_BYTES
          + " bytes");
    }
    return Optional.empty();
  }
}
