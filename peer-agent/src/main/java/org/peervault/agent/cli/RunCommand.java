package org.peervault.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.peervault.agent.backup.BackupPolicy;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.daemon.BackupDaemon;
import org.peervault.agent.daemon.RunRecord;
import org.peervault.agent.daemon.Schedule;
import org.peervault.agent.progress.ProgressListener;
import org.peervault.agent.store.FileChunkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code run}: the long-running agent. Serves peers, heart-beats, and backs up on the policy's
 * schedule (with jitter, and a catch-up run when one was missed) until SIGTERM or Ctrl-C; the
 * policy is fetched again before every run. Also carries out {@code backup} and {@code restore}
 * commands run on the same state directory ({@link ControlCommands}).
 */
@Command(name = "run", description = "Serve peers and back up on the policy's schedule until stopped (the daemon).")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger(RunCommand.class.getName());

  @Mixin StateOptions state;

  @Mixin BackupOptions options;

  @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "60",
      description = "Seconds between heartbeats to the repository (default: ${DEFAULT-VALUE}).")
  int heartbeatSeconds;

  @Option(names = "--every", paramLabel = "DURATION",
      description = "Back up this often instead of the policy's schedule (ISO-8601, e.g. PT30M).")
  Duration every;

  @Option(names = "--jitter", paramLabel = "FRACTION", defaultValue = "0.1",
      description = "Random delay added to each run, as a share of the interval (default: ${DEFAULT-VALUE}).")
  double jitter;

  @Option(names = "--path", paramLabel = "DIR", description = "Back up this directory instead of the policy's (repeatable).")
  List<Path> paths = List.of();

  @Override
  public Integer call() throws Exception {
    AgentState agent = state.load();
    Path home = Path.of(System.getProperty("user.home"));
    FileChunkStore store = FileChunkStore.open(agent.storeDir(), agent.quotaBytes());
    try (StopSignal stop = StopSignal.install("run-stop");
        AgentSession session = AgentSession.open(agent);
        AutoCloseable serving = session.servePeers(store, Duration.ofSeconds(heartbeatSeconds));
        AutoCloseable control = ControlCommands.listen(session);
        BackupDaemon daemon = BackupDaemon.start(
            () -> new Schedule(every != null ? every : BackupPolicy.of(session.repository().policy(), home).schedule(), jitter),
            new RunRecord(state.dir()),
            () -> backup(session, home))) {
      LOG.info(() -> "event=agent_running device=" + agent.deviceId() + " listen=" + agent.listen()
          + " every=" + (every == null ? "policy" : every) + " jitter=" + jitter + " low_priority=" + options.lowPriority);
      stop.await();
      LOG.info("event=agent_stopping reason=signal");
    }
    return ExitCode.OK;
  }

  private void backup(AgentSession session, Path home) throws Exception {
    BackupPolicy policy = BackupPolicy.of(session.repository().policy(), home);
    BackupReport report = BackupCommand.run(session, state.dir(), BackupOptions.roots(paths, policy), options, policy,
        ProgressListener.NONE);
    BackupCommand.summarize(report, false, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }
}
