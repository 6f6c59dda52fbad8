package org.peervault.agent.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a restore does when a file or link it would write already exists in the target (restoring
 * in place). Directories are always merged into.
 */
public enum ExistingFiles {
  /** Replace it with the backed-up version (atomically, through a temporary file). */
  OVERWRITE,
  /** Keep it; the backed-up version is not written. */
  SKIP,
  /** Keep it and write the backed-up version beside it as {@code NAME.restored} (or {@code .restored-2}...). */
  RENAME;

  /** Where to write {@code destination}'s backed-up version, or empty to leave it alone. */
  Optional<Path> destination(Path destination) throws IOException {
    if (this == OVERWRITE || !Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(destination);
    }
    if (this == SKIP) {
      return Optional.empty();
    }
    String name = destination.getFileName().toString();
    for (int i = 1; i < 10_000; i++) {
      Path candidate = destination.resolveSibling(name + ".restored" + (i == 1 ? "" : "-" + i));
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(candidate);
      }
    }
    throw new IOException("no free name for a renamed copy beside " + destination + "; clean up *.restored-* files");
  }
}
