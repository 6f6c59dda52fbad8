package org.peervault.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.restore.ExistingFiles;
import org.peervault.agent.restore.Restore;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.agent.restore.RestoreRequest;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkFetcher;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code restore --target DIR [PATH...]}: brings files back from peers; in the running agent when
 * there is one ({@link AgentCommand}).
 */
@Command(name = "restore", description = "Restore backed-up files from peers into a directory.")
final class RestoreCommand extends AgentCommand {
  @Option(names = "--target", required = true, paramLabel = "DIR",
      description = "Directory to restore into; nothing is written outside it.")
  Path target;

  @Mixin SelectionOptions selection;

  @ArgGroup(exclusive = true)
  Existing existing = new Existing();

  /** What to do with files already in the target. */
  static final class Existing {
    @Option(names = "--overwrite", description = "Replace existing files with the backed-up version (the default).")
    boolean overwrite;

    @Option(names = "--skip", description = "Keep existing files; restore only what is missing.")
    boolean skip;

    @Option(names = "--rename", description = "Keep existing files; write the backed-up version beside them as NAME.restored.")
    boolean rename;

    ExistingFiles choice() {
      return skip ? ExistingFiles.SKIP : rename ? ExistingFiles.RENAME : ExistingFiles.OVERWRITE;
    }
  }

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "Files written at once (default: ${DEFAULT-VALUE}; chunks are fetched ahead in batches, so writers wait on this disk, not on peers).")
  int parallel;

  @Override
  int run(AgentSession session) throws Exception {
    RestoreRequest request = new RestoreRequest(target, selection.device, selection.snapshot,
        selection.atMillis(), selection.paths, existing.choice());
    RestoreReport report;
    ProgressPrinter progress = progressPrinter();
    try {
      report = new Restore(session.repository(), new ChunkFetcher(session.peers(), new Sealer()), parallel)
          .withProgress(progress).run(request);
    } finally {
      progress.finish();
    }
    PrintWriter out = out();
    int exit = report.errors().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
    if (json) {
      for (String error : report.errors()) {
        out.println(JsonLine.event("not_restored").put("error", error));
      }
      out.println(JsonLine.event("summary").put("operation", "restore").put("files", report.files())
          .put("directories", report.directories()).put("symlinks", report.symlinks()).put("bytes", report.bytes())
          .put("fetched_bytes", report.fetchedBytes()).put("kept_existing", report.keptExisting())
          .put("renamed", report.renamed()).put("errors", report.errors().size())
          .put("elapsed_ms", report.elapsed().toMillis()).put("exit_code", exit));
      return exit;
    }
    for (String error : report.errors()) {
      out.println("not restored: " + error);
    }
    out.printf("restored %d files, %d directories, %d links, %s into %s in %.1f s (%.1f MB/s); "
            + "%s fetched from peers, %d corrupt copies replaced, %d failed fetches retried%n",
        report.files(), report.directories(), report.symlinks(), ByteSize.format(report.bytes()), target,
        report.elapsed().toMillis() / 1000.0, report.megabytesPerSecond(), ByteSize.format(report.fetchedBytes()),
        report.corruptReplicas(), report.failedAttempts());
    if (report.keptExisting() + report.renamed() > 0) {
      out.printf("%d existing files kept, %d restored beside an existing file as *.restored%n",
          report.keptExisting(), report.renamed());
    }
    return exit;
  }
}
