package org.peervault.agent.scan;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of gitignore syntax, matched against a '/'-separated path relative to a backup root.
 * Rules kept: blank lines and {@code #} comments are ignored; {@code !} negates; a trailing
 * {@code /} matches directories only; a pattern with a {@code /} at its start or middle is anchored
 * to the root, else it matches at any depth; {@code *} and {@code ?} stop at {@code /};
 * {@code [a-z]} and {@code [!a-z]} are classes; {@code **} spans directories ({@code **}{@code /x},
 * {@code x/**}, {@code a/**}{@code /b}); {@code \} escapes. Immutable.
 */
public final class IgnorePattern {
  private final String text;
  private final boolean negated;
  private final boolean directoryOnly;
  /** Matched against a path's last name only (a pattern without '/'). */
  private final boolean lastName;
  private final Pattern regex;

  private IgnorePattern(String text, boolean negated, boolean directoryOnly, boolean lastName, Pattern regex) {
    this.text = text;
    this.negated = negated;
    this.directoryOnly = directoryOnly;
    this.lastName = lastName;
    this.regex = regex;
  }

  /** The pattern of one gitignore line; empty for blank lines and comments. */
  public static Optional<IgnorePattern> parse(String line) {
    String p = stripTrailingSpaces(line);
    if (p.isEmpty() || p.startsWith("#")) {
      return Optional.empty();
    }
    boolean negated = p.startsWith("!");
    if (negated) {
      p = p.substring(1);
    } else if (p.startsWith("\\!") || p.startsWith("\\#")) {
      p = p.substring(1);
    }
    boolean directoryOnly = p.endsWith("/") && !p.endsWith("\\/");
    if (directoryOnly) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return Optional.empty();
    }
    boolean anchored = p.contains("/");
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    // Without a '/' a pattern matches at any depth: it is matched against the last name of a path
    // alone (its wildcards never cross a '/'), which costs one match instead of one per depth.
    return Optional.of(new IgnorePattern(line.strip(), negated, directoryOnly, !anchored,
        Pattern.compile("^" + globToRegex(p) + "$")));
  }

  /** Whether this pattern (ignoring negation) matches {@code relativePath}. */
  public boolean matches(String relativePath, boolean directory) {
    if (!directory && directoryOnly) {
      return false;
    }
    String subject = lastName ? relativePath.substring(relativePath.lastIndexOf('/') + 1) : relativePath;
    return regex.matcher(subject).matches();
  }

  /** True for a {@code !} pattern, which re-includes what it matches. */
  public boolean negated() {
    return negated;
  }

  @Override
  public String toString() {
    return text;
  }

  private static String stripTrailingSpaces(String line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
      end--;
    }
    return line.substring(0, end).replace("\\ ", " ").replace("\r", "");
  }

  static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    int n = glob.length();
    while (i < n) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < n && glob.charAt(i + 1) == '*' && (i == 0 || glob.charAt(i - 1) == '/')) {
        if (i + 2 == n) {
          re.append(".*");
          i += 2;
          continue;
        }
        if (glob.charAt(i + 2) == '/') {
          re.append("(?:.*/)?");
          i += 3;
          continue;
        }
      }
      if (c == '*') {
        re.append("[^/]*");
        i++;
      } else if (c == '?') {
        re.append("[^/]");
        i++;
      } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
        int close = glob.indexOf(']', i + 2);
        String body = glob.substring(i + 1, close);
        if (body.startsWith("!")) {
          body = "^" + body.substring(1);
        }
        re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&")).append(']');
        i = close + 1;
      } else if (c == '\\' && i + 1 < n) {
        re.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
        i += 2;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return re.toString();
  }
}
