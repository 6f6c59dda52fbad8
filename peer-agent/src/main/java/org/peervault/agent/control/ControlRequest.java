package org.peervault.agent.control;

import java.nio.file.Path;
import java.util.List;

/**
 * A command line handed to the running agent.
 *
 * @param cwd the caller's working directory, absolute: relative paths in {@code args} mean paths under it
 * @param args the command line, starting with the command's name
 */
public record ControlRequest(Path cwd, List<String> args) {
  /** At most this many arguments, each at most {@link #MAX_ARG_BYTES}: a request is a command line, not data. */
  static final int MAX_ARGS = 4096;
  static final int MAX_ARG_BYTES = 64 * 1024;

  public ControlRequest {
    if (!cwd.isAbsolute()) {
      throw new IllegalArgumentException("the working directory must be absolute: " + cwd);
    }
    if (args.isEmpty() || args.size() > MAX_ARGS) {
      throw new IllegalArgumentException("a command line of 1 to " + MAX_ARGS + " arguments, not " + args.size());
    }
    args = List.copyOf(args);
  }
}
