package org.peervault.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.control.ControlClient;
import org.peervault.agent.control.ControlRequest;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command the running agent can carry out ({@code backup}, {@code restore}): when an agent
 * ({@code serve} or {@code run}) is running on the same state directory, the command line goes to
 * it over the control socket and runs in its warm JVM over its open connections, its output and
 * exit code coming back here; otherwise, or with {@code --no-daemon}, it runs in this process.
 * Either way the same {@link #run} does the work and prints through {@link #out()} and {@link #err()}.
 */
abstract class AgentCommand implements Callable<Integer> {
  /** How progress is shown. */
  enum ProgressMode { AUTO, LIVE, LINES, NONE }

  @Spec CommandSpec spec;

  @Mixin StateOptions state;

  @Option(names = "--json", description = "Print JSON lines on stdout: progress events, then a summary.")
  boolean json;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "AUTO",
      description = "Progress on stderr: ${COMPLETION-CANDIDATES} (default: live on a terminal, else a line every few seconds).")
  ProgressMode progress;

  @Option(names = "--no-daemon", description = "Run in this process even when an agent is running on this state directory.")
  boolean noDaemon;

  /** The running agent's session, when this command runs inside the agent; null in a process of its own. */
  AgentSession running;

  @Override
  public final Integer call() throws Exception {
    if (running != null) {
      if (!sameDirectory(state.dir(), running.state().stateDir())) {
        throw new IllegalArgumentException("this agent runs on " + running.state().stateDir() + ", not on " + state.dir());
      }
      return run(running);
    }
    if (!noDaemon) {
      OptionalInt delegated = ControlClient.run(state.dir(), request(), System.out, System.err);
      if (delegated.isPresent()) {
        return delegated.getAsInt();
      }
    }
    AgentState agent = state.load();
    try (AgentSession session = AgentSession.open(agent)) {
      return run(session);
    }
  }

  /** Does the work with {@code session}; returns the exit code. */
  abstract int run(AgentSession session) throws Exception;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  ProgressPrinter progressPrinter() {
    return json ? new ProgressPrinter(ProgressPrinter.Mode.JSON, out()) : switch (progress) {
      case AUTO -> new ProgressPrinter(System.console() != null ? ProgressPrinter.Mode.TERMINAL
          : ProgressPrinter.Mode.LINES, err());
      case LIVE -> new ProgressPrinter(ProgressPrinter.Mode.TERMINAL, err());
      case LINES -> new ProgressPrinter(ProgressPrinter.Mode.LINES, err());
      case NONE -> new ProgressPrinter(ProgressPrinter.Mode.NONE, err());
    };
  }

  /** This command line for the running agent: progress decided here, where the terminal is. */
  private ControlRequest request() {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (state.stateDir == null) { // the default comes from this process's environment
      args.add(1, "--state-dir=" + state.dir().toAbsolutePath());
    }
    if (progress == ProgressMode.AUTO) {
      args.add(1, "--progress=" + (System.console() != null ? ProgressMode.LIVE : ProgressMode.LINES));
    }
    return new ControlRequest(Path.of("").toAbsolutePath(), args);
  }

  private static boolean sameDirectory(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
