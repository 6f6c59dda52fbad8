package org.peervault.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.restore.Restore;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.agent.restore.RestoreRequest;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code restore --target DIR [PATH...]}: brings files back from peers. */
@Command(name = "restore", description = "Restore backed-up files from peers into a directory.")
final class RestoreCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Option(names = "--target", required = true, paramLabel = "DIR",
      description = "Directory to restore into; nothing is written outside it.")
  Path target;

  @Mixin SelectionOptions selection;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Files written at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Override
  public Integer call() throws Exception {
    AgentState agent = state.load();
    RestoreRequest request = new RestoreRequest(target, selection.device, selection.snapshot,
        selection.atMillis(), selection.paths);
    RestoreReport report;
    try (AgentSession session = AgentSession.open(agent)) {
      report = new Restore(session.repository(), new ChunkFetcher(session.peers(), new Sealer()), parallel).run(request);
    }
    for (String error : report.errors()) {
      System.out.println("not restored: " + error);
    }
    System.out.printf("restored %d files, %d directories, %d links, %s into %s in %.1f s (%.1f MB/s); "
            + "%s fetched from peers, %d corrupt copies replaced, %d failed fetches retried%n",
        report.files(), report.directories(), report.symlinks(), ByteSize.format(report.bytes()), target,
        report.elapsed().toMillis() / 1000.0, report.megabytesPerSecond(), ByteSize.format(report.fetchedBytes()),
        report.corruptReplicas(), report.failedAttempts());
    return report.errors().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
  }
}
