package org.peervault.agent.cli;

/** Exit codes of {@code peer-agent}; scripts may rely on them. */
public final class ExitCode {
  /** Everything asked was done. */
  public static final int OK = 0;
  /** The command failed; the message says why. */
  public static final int FAILURE = 1;
  /** The command line was wrong. */
  public static final int USAGE = 2;
  /** Done, but some files were skipped or not restored; they are listed. */
  public static final int PARTIAL = 3;
  /** The repository could not be reached. */
  public static final int REPOSITORY_UNREACHABLE = 10;
  /** The repository refused this device's credentials, or the machine is not registered. */
  public static final int AUTHENTICATION = 11;
  /** Interrupted (Ctrl-C). */
  public static final int CANCELLED = 130;

  private ExitCode() {}
}
