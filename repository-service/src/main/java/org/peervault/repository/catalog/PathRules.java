package org.peervault.repository.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rules a snapshot path keeps: relative, '/'-separated, no empty, "." or ".." segments, no
 * NUL, at most {@value #MAX_PATH_BYTES} bytes of UTF-8. Such a path cannot leave the directory
 * it is restored into. Pure and thread-safe.
 */
public final class PathRules {
  /** Longest accepted path, in UTF-8 bytes (PATH_MAX on Linux). */
  public static final int MAX_PATH_BYTES = 4096;

  private PathRules() {}

  /** Why {@code path} is not acceptable, or empty when it is. */
  public static Optional<String> problem(String path) {
    if (path == null || path.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (path.indexOf('\0') >= 0) {
      return Optional.of("it contains a NUL character");
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      return Optional.of("it is longer than " + MAX_PATH_BYTES + " bytes");
    }
    if (path.charAt(0) == '/') {
      return Optional.of("it is absolute; paths are relative to the snapshot");
    }
    int start = 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      String segment = path.substring(start, end);
      if (segment.isEmpty()) {
        return Optional.of("it has an empty segment (\"//\" or a trailing '/')");
      }
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("it has a \"" + segment + "\" segment");
      }
      start = end + 1;
    }
    return Optional.empty();
  }

  /** A path quoted for a message: control characters replaced, long paths shortened. */
  public static String quote(String path) {
    String p = path == null ? "" : path.replaceAll("\\p{Cntrl}", "?");
    if (p.length() > 300) {
      p = p.substring(0, 300) + "...";
    }
    return "\"" + p + "\"";
  }
}
