package org.peervault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peervault.agent.index.FileIndex;
import org.peervault.agent.scan.ExclusionClass;
import org.peervault.agent.scan.Exclusions;

/** {@code backup --dry-run}: what would be included, what is left out and by which rule. */
class DryRunTest {
  @Test
  void listsIncludedEntriesAndNamesTheRuleThatLeftEachOtherOut(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(root.resolve("report.txt"), "keep me");
    Files.writeString(root.resolve("draft.tmp"), "scratch");
    Files.createDirectories(root.resolve(".cache"));
    Files.writeString(root.resolve(".cache/blob"), "cached");
    Files.writeString(root.resolve("disk.iso"), "image");
    Exclusions exclusions = Exclusions.of(EnumSet.allOf(ExclusionClass.class), List.of("*.iso"), "policy");

    StringWriter captured = new StringWriter();
    int code;
    try (FileIndex index = FileIndex.open(dir.resolve("index"))) {
      code = new DryRun(false, new PrintWriter(captured, true)).print(List.of(root), exclusions, index);
    }
    String out = captured.toString();

    assertThat(code).isEqualTo(ExitCode.OK);
    assertThat(out).contains("+ docs/report.txt (new)");
    assertThat(out).containsPattern("- docs/draft\\.tmp: excluded by .*temp");
    assertThat(out).containsPattern("- docs/\\.cache: excluded by .*cache");
    assertThat(out).containsPattern("- docs/disk\\.iso: excluded by .*policy");
    assertThat(out).doesNotContain("blob");
    assertThat(out).contains("dry run: 2 entries");
  }
}
