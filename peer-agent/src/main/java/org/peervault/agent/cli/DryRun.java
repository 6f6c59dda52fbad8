package org.peervault.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.index.FileIndex;
import org.peervault.agent.scan.Entry;
import org.peervault.agent.scan.EntryKind;
import org.peervault.agent.scan.Excluded;
import org.peervault.agent.scan.Exclusions;
import org.peervault.agent.scan.Skipped;
import org.peervault.agent.scan.TreeWalker;

/**
 * {@code backup --dry-run}: scans like a backup and lists every entry it would include (with
 * "new", "changed" or "unchanged" by the local index), every path left out and the rule that left
 * it out, and every path it could not read. Sends nothing.
 */
final class DryRun {
  private final boolean json;
  private final PrintWriter out;

  DryRun(boolean json, PrintWriter out) {
    this.json = json;
    this.out = out;
  }

  int print(List<Path> roots, Exclusions exclusions, FileIndex index) throws IOException {
    TreeWalker.Scan scan = TreeWalker.scan(roots, exclusions);
    long bytes = 0;
    for (Entry e : scan.entries()) {
      String status = status(e, index);
      bytes += e.sizeBytes();
      emit("include", e.snapshotPath(), status, "+ %s (%s)");
    }
    for (Excluded x : scan.excluded()) {
      emit("exclude", x.path(), x.reason(), "- %s: excluded by %s");
    }
    for (Skipped s : scan.skipped()) {
      emit("skip", s.path(), s.reason(), "! %s: %s");
    }
    String summary = String.format("dry run: %d entries (%s) would be backed up, %d excluded, %d unreadable",
        scan.entries().size(), ByteSize.format(bytes), scan.excluded().size(), scan.skipped().size());
    if (json) {
      out.println(JsonLine.event("summary").put("operation", "dry-run").put("included", scan.entries().size())
          .put("bytes", bytes).put("excluded", scan.excluded().size()).put("skipped", scan.skipped().size()));
    } else {
      out.println(summary);
    }
    return scan.skipped().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
  }

  private void emit(String event, String path, String why, String format) {
    if (json) {
      out.println(JsonLine.event(event).put("path", path).put(event.equals("include") ? "status" : "reason", why));
    } else {
      out.println(String.format(format, path, why));
    }
  }

  private static String status(Entry e, FileIndex index) {
    if (e.kind() == EntryKind.DIRECTORY) {
      return "directory";
    }
    if (e.kind() == EntryKind.SYMLINK) {
      return "link to " + e.linkTarget();
    }
    return index.get(e.source()).map(f -> f.stamp().equals(e.stamp()) ? "unchanged" : "changed").orElse("new");
  }
}
