package org.peervault.agent.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file all at once: to a temporary file beside it whose permissions are set before any
 * byte is written, then renamed over the target, so a reader sees the old content or the new, and a
 * secret is never readable by others, not even for a moment.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Replaces {@code target} with {@code content}; owner-only (0600) when {@code secret}, else 0644. */
  public static void write(Path target, byte[] content, boolean secret) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + "-", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // createTempFile already restricts access where POSIX permissions do not exist
      }
      try (OutputStream out = Files.newOutputStream(temp)) {
        out.write(content);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
