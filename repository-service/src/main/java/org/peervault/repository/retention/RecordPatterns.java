package org.peervault.repository.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.peervault.repository.PeerVaultException;

/**
 * The record patterns of a policy: gitignore-syntax lines naming the paths kept as records
 * (paper 3.1.3: e.g. seven years). Matched against snapshot paths ({@code <root name>/<relative
 * path>}, '/'-separated). A path is a record when a pattern matches it or one of its parent
 * directories, so {@code contracts/} keeps everything below any directory named
 * {@code contracts}. Rules kept from gitignore: blank lines and {@code #} comments are skipped; a
 * pattern with a '/' before its end is anchored at the start of the path, else it matches at any
 * depth; a trailing '/' matches directories only; {@code *} and {@code ?} stay within one path
 * segment, {@code **} spans segments. Negation ({@code !}) is refused: a record stays a record.
 * Immutable.
 */
public final class RecordPatterns {
  private static final RecordPatterns NONE = new RecordPatterns(List.of());

  private record Line(Pattern regex, boolean directoryOnly) {}

  private final List<Line> lines;

  private RecordPatterns(List<Line> lines) {
    this.lines = List.copyOf(lines);
  }

  /** No path is a record. */
  public static RecordPatterns none() {
    return NONE;
  }

  /**
   * Parses the policy's record patterns.
   *
   * @throws PeerVaultException (invalid-policy) for a negated pattern
   */
  public static RecordPatterns parse(List<String> patterns) {
    List<Line> lines = new ArrayList<>();
    for (String raw : patterns) {
      String p = raw.strip();
      if (p.isEmpty() || p.startsWith("#")) {
        continue;
      }
      if (p.startsWith("!")) {
        throw PeerVaultException.invalid("invalid-policy", "policy: record pattern \"" + raw
            + "\" is negated; records cannot be excluded again, remove the '!' line");
      }
      boolean directoryOnly = p.endsWith("/");
      String body = directoryOnly ? p.substring(0, p.length() - 1) : p;
      boolean anchored = body.contains("/");
      body = body.startsWith("/") ? body.substring(1) : body;
      if (!body.isEmpty()) {
        lines.add(new Line(Pattern.compile((anchored ? "" : "(?:.*/)?") + regexOf(body)),
            directoryOnly));
      }
    }
    return new RecordPatterns(lines);
  }

  /** Whether no pattern is set. */
  public boolean isEmpty() {
    return lines.isEmpty();
  }

  /** Whether {@code path} (a file, symlink or directory of a snapshot) is a record. */
  public boolean matches(String path) {
    if (lines.isEmpty()) {
      return false;
    }
    for (Line line : lines) {
      // The path itself (a directory-only pattern cannot tell it is a directory: skip it), then
      // each parent directory, nearest first.
      if (!line.directoryOnly() && line.regex().matcher(path).matches()) {
        return true;
      }
      for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
        if (line.regex().matcher(path.substring(0, slash)).matches()) {
          return true;
        }
      }
    }
    return false;
  }

  private static String regexOf(String glob) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      boolean doubleStar = c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*';
      if (doubleStar && i + 2 < glob.length() && glob.charAt(i + 2) == '/') {
        out.append("(?:.*/)?");
        i += 2;
      } else if (doubleStar) {
        out.append(".*");
        i++;
      } else if (c == '*') {
        out.append("[^/]*");
      } else if (c == '?') {
        out.append("[^/]");
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }
}
