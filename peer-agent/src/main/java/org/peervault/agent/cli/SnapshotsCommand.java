package org.peervault.agent.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.ByteSize;
import org.peervault.proto.v1.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code snapshots}: lists committed snapshots, newest first. */
@Command(name = "snapshots", description = "List the committed snapshots of this (or another) device.")
final class SnapshotsCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Option(names = "--device", paramLabel = "ID", defaultValue = "0", description = "Another device's snapshots.")
  long device;

  @Override
  public Integer call() throws Exception {
    AgentState agent = state.load();
    List<Snapshot> snapshots;
    try (AgentSession session = AgentSession.open(agent)) {
      snapshots = session.repository().listSnapshots(device);
    }
    if (snapshots.isEmpty()) {
      System.out.println("no snapshots yet; run: peer-agent backup PATH...");
      return ExitCode.OK;
    }
    System.out.printf("%-8s %-19s %-16s %8s %10s %8s %8s  %s%n", "ID", "FINISHED", "HOST", "FILES", "SIZE", "NEW", "DEDUP", "ROOTS");
    for (Snapshot s : snapshots) {
      System.out.printf("%-8d %-19s %-16s %8d %10s %8d %8d  %s%n", s.getId(), TimeArg.format(s.getFinishedAtMillis()),
          s.getHost(), s.getStats().getFiles(), ByteSize.format(s.getStats().getBytes()), s.getStats().getNewChunks(),
          s.getStats().getDeduplicatedChunks(), String.join(" ", s.getRootsList()));
    }
    return ExitCode.OK;
  }
}
