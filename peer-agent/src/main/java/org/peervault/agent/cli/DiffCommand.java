package org.peervault.agent.cli;

import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.restore.SnapshotDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diff FROM TO}: what changed between two snapshots. */
@Command(name = "diff", description = "Show the paths added (+), removed (-) and changed (M) between two snapshots.")
final class DiffCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Parameters(index = "0", paramLabel = "FROM", description = "The older snapshot id.")
  long from;

  @Parameters(index = "1", paramLabel = "TO", description = "The newer snapshot id.")
  long to;

  @Option(names = "--device", paramLabel = "ID", defaultValue = "0", description = "Another device's snapshots.")
  long device;

  @Option(names = "--json", description = "One JSON object per difference, then a summary.")
  boolean json;

  @Override
  public Integer call() {
    AgentState agent = state.load();
    SnapshotDiff.Result result;
    try (AgentSession session = AgentSession.open(agent)) {
      result = SnapshotDiff.between(session.repository(), device, from, to);
    }
    for (SnapshotDiff.Difference d : result.differences()) {
      if (json) {
        System.out.println(JsonLine.event(d.change().name().toLowerCase(java.util.Locale.ROOT))
            .put("path", d.path()).put("detail", d.detail()));
      } else {
        String mark = switch (d.change()) {
          case ADDED -> "+";
          case REMOVED -> "-";
          case CHANGED -> "M";
        };
        System.out.println(mark + " " + d.path() + (d.detail().isEmpty() ? "" : "  (" + d.detail() + ")"));
      }
    }
    if (json) {
      System.out.println(JsonLine.event("summary").put("operation", "diff").put("added", result.added())
          .put("removed", result.removed()).put("changed", result.changed()).put("unchanged", result.unchanged()));
    } else {
      System.out.println("snapshot " + from + " -> " + to + ": " + result.summary());
    }
    return ExitCode.OK;
  }
}
