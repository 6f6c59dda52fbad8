package org.peervault.agent.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.PlanRestoreRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ls}: lists the files of a snapshot or of a point in time. */
@Command(name = "ls", description = "List backed-up files: of one snapshot, or per path as of a time.")
final class LsCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Mixin SelectionOptions selection;

  @Override
  public Integer call() throws Exception {
    AgentState agent = state.load();
    PlanRestoreRequest request = PlanRestoreRequest.newBuilder()
        .setAtMillis(selection.atMillis())
        .setDeviceId(selection.device)
        .setSnapshotId(selection.snapshot)
        .addAllPaths(selection.paths)
        .build();
    try (AgentSession session = AgentSession.open(agent)) {
      session.repository().planRestore(request, batch -> batch.getFilesList().forEach(LsCommand::print));
    }
    return ExitCode.OK;
  }

  private static void print(FileVersion f) {
    char kind = f.getKind() == FileKind.FILE_KIND_DIRECTORY ? 'd' : f.getKind() == FileKind.FILE_KIND_SYMLINK ? 'l' : '-';
    String link = f.getKind() == FileKind.FILE_KIND_SYMLINK ? " -> " + f.getLinkTarget() : "";
    System.out.printf(Locale.ROOT, "%c%04o %12d %s %s%s%n", kind, f.getMode(), f.getSizeBytes(),
        TimeArg.format(f.getMtimeMillis()), f.getPath(), link);
  }
}
