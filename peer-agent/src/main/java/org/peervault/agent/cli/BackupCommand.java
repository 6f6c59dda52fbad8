package org.peervault.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.peervault.agent.backup.Backup;
import org.peervault.agent.backup.BackupPolicy;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.index.FileIndex;
import org.peervault.agent.progress.ProgressListener;
import org.peervault.agent.scan.Skipped;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code backup [PATH...]}: backs up directories to peers and commits a snapshot; in the running
 * agent when there is one ({@link AgentCommand}).
 */
@Command(name = "backup", description = "Back up directories (default: the policy's) to peers and record a snapshot.")
final class BackupCommand extends AgentCommand {
  @Mixin BackupOptions options;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Directories to back up (default: the policy's).")
  List<Path> roots = List.of();

  @Option(names = "--dry-run", description = "Show what would be backed up and why anything is left out; send nothing.")
  boolean dryRun;

  @Override
  int run(AgentSession session) throws IOException {
    BackupPolicy policy = BackupPolicy.of(session.repository().policy(), Path.of(System.getProperty("user.home")));
    List<Path> targets = BackupOptions.roots(roots, policy);
    if (dryRun) {
      try (FileIndex index = FileIndex.open(indexDir(state.dir()))) {
        return new DryRun(json, out()).print(targets, options.exclusions(policy), index);
      }
    }
    ProgressPrinter progress = progressPrinter();
    BackupReport report;
    try {
      report = run(session, state.dir(), targets, options, policy, progress);
    } finally {
      progress.finish();
    }
    return summarize(report, json, out(), err());
  }

  /** Runs one backup with the local index; shared with the daemon. */
  static BackupReport run(AgentSession session, Path stateDir, List<Path> targets, BackupOptions options,
      BackupPolicy policy, ProgressListener progress) throws IOException {
    try (FileIndex index = FileIndex.open(indexDir(stateDir))) {
      return new Backup(session.repository(), session.peers(), options.settings(session.state().deviceName()))
          .withExclusions(options.exclusions(policy))
          .withIndex(index)
          .withProgress(progress)
          .run(targets);
    }
  }

  static Path indexDir(Path stateDir) {
    return stateDir.resolve("index");
  }

  /** Prints the skipped files and the summary; returns the exit code. */
  static int summarize(BackupReport report, boolean json, PrintWriter out, PrintWriter err) {
    int exit = report.skipped().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
    if (json) {
      for (Skipped s : report.skipped()) {
        out.println(JsonLine.event("skipped").put("path", s.path()).put("reason", s.reason()));
      }
      out.println(JsonLine.event("summary").put("operation", "backup").put("snapshot", report.snapshotId())
          .put("files", report.files()).put("unchanged_files", report.unchangedFiles())
          .put("directories", report.directories()).put("symlinks", report.symlinks()).put("bytes", report.bytes())
          .put("read_bytes", report.readBytes()).put("new_chunks", report.newChunks())
          .put("deduplicated_chunks", report.deduplicatedChunks()).put("uploaded_bytes", report.uploadedBytes())
          .put("skipped", report.skipped().size()).put("elapsed_ms", report.elapsed().toMillis())
          .put("achieved_availability", report.availability() == null ? -1 : report.availability().achieved(), 6)
          .put("target_availability", report.availability() == null ? -1 : report.availability().target(), 6)
          .put("below_target", report.belowTarget())
          .put("exit_code", exit));
      if (report.belowTarget()) {
        out.println(JsonLine.event("warning").put("code", "below-target-availability")
            .put("message", belowTargetWarning(report)));
      }
      return exit;
    }
    for (Skipped s : report.skipped()) {
      out.printf("skipped %s: %s%n", s.path(), s.reason());
    }
    out.printf("snapshot %d: %d files (%d unchanged), %d directories, %d links, %s in %.1f s (%.1f MB/s); "
            + "chunks: %d new, %d deduplicated; %s sent to peers%s%n",
        report.snapshotId(), report.files(), report.unchangedFiles(), report.directories(), report.symlinks(),
        ByteSize.format(report.bytes()), report.elapsed().toMillis() / 1000.0, report.megabytesPerSecond(),
        report.newChunks(), report.deduplicatedChunks(), ByteSize.format(report.uploadedBytes()),
        report.skipped().isEmpty() ? "" : "; " + report.skipped().size() + " skipped (exit 3)");
    if (report.belowTarget()) {
      err.println("warning: " + belowTargetWarning(report));
    }
    return exit;
  }

  /** Says that a snapshot was backed up below its target availability, and what to do. */
  static String belowTargetWarning(BackupReport report) {
    return String.format(java.util.Locale.ROOT, "snapshot %d is restorable with probability %.4f during"
        + " your usual hours, below the policy's target of %s: too few peers are up when you are. It is"
        + " backed up on the best peers there are; to reach the target, keep more colleagues' machines"
        + " that are on during your hours running peer-agent, raise their quotas, or ask an admin to"
        + " lower the target availability", report.snapshotId(), report.availability().achieved(),
        report.availability().target());
  }
}
