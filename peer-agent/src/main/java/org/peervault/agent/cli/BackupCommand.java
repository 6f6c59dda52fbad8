package org.peervault.agent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.peervault.agent.backup.Backup;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.backup.BackupSettings;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.scan.Skipped;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code backup PATH...}: backs up directories to peers and commits a snapshot. */
@Command(name = "backup", description = "Back up directories to peers and record a snapshot.")
final class BackupCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Directories to back up.")
  List<Path> roots;

  @Override
  public Integer call() throws Exception {
    AgentState agent = state.load();
    BackupReport report;
    try (AgentSession session = AgentSession.open(agent)) {
      report = new Backup(session.repository(), session.peers(), BackupSettings.defaults(agent.deviceName())).run(roots);
    }
    for (Skipped s : report.skipped()) {
      System.out.printf("skipped %s: %s%n", s.path(), s.reason());
    }
    System.out.printf("snapshot %d: %d files, %d directories, %d links, %s in %.1f s (%.1f MB/s); "
            + "chunks: %d new, %d deduplicated; %s sent to peers%s%n",
        report.snapshotId(), report.files(), report.directories(), report.symlinks(), ByteSize.format(report.bytes()),
        report.elapsed().toMillis() / 1000.0, report.megabytesPerSecond(), report.newChunks(),
        report.deduplicatedChunks(), ByteSize.format(report.uploadedBytes()),
        report.skipped().isEmpty() ? "" : "; " + report.skipped().size() + " skipped");
    return report.skipped().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
  }
}
