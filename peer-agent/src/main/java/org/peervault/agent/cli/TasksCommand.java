package org.peervault.agent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.peervault.agent.account.AgentTasksClient;
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

/**
 * {@code tasks --restore-root DIR}: carries out the restore requests an admin addressed to this
 * device, each into its directory below the restore root, and reports each outcome.
 */
@Command(name = "tasks", description = "Carry out pending restore requests an admin made for this device.")
final class TasksCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Option(names = "--restore-root", paramLabel = "DIR", required = true,
      description = "Directory the requests' target directories are created in; nothing is written outside it.")
  Path restoreRoot;

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Files written at once (default: ${DEFAULT-VALUE}; chunks are fetched ahead in batches, so writers wait on this disk, not on peers).")
  int parallel;

  @Override
  public Integer call() throws Exception {
    AgentState agent = state.load();
    try (AgentSession session = AgentSession.open(agent)) {
      AgentTasksClient tasks = new AgentTasksClient(session.repository());
      List<org.peervault.proto.v1.RestoreRequest> pending = tasks.pendingRestores();
      if (pending.isEmpty()) {
        System.out.println("no pending restore requests");
        return ExitCode.OK;
      }
      Path root = restoreRoot.toAbsolutePath().normalize();
      int failed = 0;
      for (var r : pending) {
        Path target = root.resolve(r.getTargetDirectory()).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          tasks.complete(r.getId(), false, "refused: target directory \"" + r.getTargetDirectory()
              + "\" leaves the restore root");
          failed++;
          continue;
        }
        RestoreReport report = new Restore(session.repository(), new ChunkFetcher(session.peers(),
            new Sealer()), parallel).run(new RestoreRequest(target, r.getSourceDeviceId(),
            r.getSnapshotId(), r.getAtMillis(), r.getPathsList()));
        String outcome = "restored " + report.files() + " files, " + ByteSize.format(report.bytes())
            + " of device " + r.getSourceDeviceId() + " into " + target
            + (report.errors().isEmpty() ? "" : "; " + report.errors().size() + " not restored, first: "
            + report.errors().get(0));
        tasks.complete(r.getId(), report.errors().isEmpty(), outcome);
        System.out.println("request " + r.getId() + " (by " + r.getRequestedBy() + "): " + outcome);
        failed += report.errors().isEmpty() ? 0 : 1;
      }
      return failed == 0 ? ExitCode.OK : ExitCode.PARTIAL;
    }
  }
}
