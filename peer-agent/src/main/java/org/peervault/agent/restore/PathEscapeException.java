package org.peervault.agent.restore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A repository path that a restore refuses to write, because it is malformed or would land
 * outside the target directory. The message reads
 * {@code restore: refusing path "../../etc/passwd": it leaves the target directory /tmp/x};
 * control characters in the path are shown escaped, so a hostile path cannot forge log lines.
 */
public final class PathEscapeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final transient Path target;
  private final String reason;

  /**
   * @param path the path as the repository sent it
   * @param target the target directory of the restore
   * @param reason why it is refused, as a phrase ("it leaves the target directory /tmp/x")
   */
  public PathEscapeException(String path, Path target, String reason) {
    super("restore: refusing path \"" + printable(String.valueOf(path)) + "\": "
        + Objects.requireNonNull(reason, "reason"));
    this.path = path;
    this.target = target;
    this.reason = reason;
  }

  /** The refused path, as the repository sent it (may contain control characters). */
  public String path() {
    return path;
  }

  /** The target directory of the restore. */
  public Path target() {
    return target;
  }

  /** Why the path is refused. */
  public String reason() {
    return reason;
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '"') {
        out.append(c == '"' ? "\\\"" : String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
