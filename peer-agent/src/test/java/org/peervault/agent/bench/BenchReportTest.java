package org.peervault.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  private static final List<String> RESULTS = List.of(
      "# a comment",
      "run date=2026-11-23T14:00Z command=\"deploy/local/bench.sh --small\"",
      "machine cpu=\"AMD EPYC 7B13\" cores=2 mem_kb=24576000 os=\"Debian 12\" java=17.0.15 restic=0.14.0 borg=1.2.4",
      "dataset files=100 bytes=104857600 seed=42 edited_files=5",
      "phase tool=peervault phase=full wall_s=10 cpu_s=12.5 rss_kb=204800 data_bytes=100000000 stored_bytes=104857600 copies=2"
          + " cpu_detail=\"command=6.5 repository=2 peer2=4\"",
      "phase tool=peervault phase=unchanged wall_s=1 cpu_s=1 rss_kb=102400 data_bytes=100000000 stored_bytes=104857600 copies=2",
      "phase tool=peervault phase=restore wall_s=5 cpu_s=4 rss_kb=102400 data_bytes=100000000",
      "phase tool=restic phase=full wall_s=20 cpu_s=30 rss_kb=102400 data_bytes=100000000 stored_bytes=52428800",
      "phase tool=restic phase=restore wall_s=4 cpu_s=4 rss_kb=102400 data_bytes=100000000",
      "limit name=sha256 mib=64 wall_s=0.04 mb_s=1600",
      "repository name=placement_decisions agents=4 count=1000 wall_s=2.00 per_s=500",
      "s3 target=s3proxy op=put size_mib=1 count=8 wall_s=0.5 mb_s=16.8 ops_s=16.0",
      "s3 target=peervault op=put size_mib=1 count=8 wall_s=1.0 mb_s=8.4 ops_s=8.0",
      "s3 target=peervault op=get size_mib=1 count=8 wall_s=0.4 mb_s=21.0 ops_s=20.0");

  @Test
  void tablesShowFiguresRatiosAgainstResticAndS3ProxyAndDedup(@TempDir Path dir) throws Exception {
    Path results = Files.write(dir.resolve("results.txt"), RESULTS);
    String md = BenchReport.read(results).markdown("chart.png");

    assertThat(md).contains("`deploy/local/bench.sh --small`", "AMD EPYC 7B13, 2 cores, 23.4 GiB memory");
    // 100 MB in 10 s; half of restic's wall time; 100 MB backed up / 50 MiB stored per copy
    assertThat(md).contains("| peervault | full | 10.0 | 10.0 | 12.5 | 200 | 100 (2 copies) | 1.91x | 0.50x |");
    // the re-backup counts toward what the stored bytes hold
    assertThat(md).contains("| peervault | unchanged | 1.0 | 100.0 | 1.0 | 100 | 100 (2 copies) | 3.81x |  |");
    assertThat(md).contains("| peervault | restore | 5.0 | 20.0 | 4.0 | 100 |  |  | 1.25x |");
    assertThat(md).contains("| restic | full | 20.0 | 5.0 | 30.0 | 100 | 50 | 1.91x | 1.00x |");
    assertThat(md).contains("| sha256 | 1600 |", "| placement_decisions | 4 | 1000 | 2.00 | 500 |",
        "| s3proxy | put | 1 | 8 | 0.5 | 16.8 | 16.0 | 1.00x |", "![wall time per phase](chart.png)");
    // both servers, each against S3Proxy's same operation; none to compare with is left blank
    assertThat(md).contains("| peervault | put | 1 | 8 | 1.0 | 8.4 | 8.0 | 2.00x |",
        "| peervault | get | 1 | 8 | 0.4 | 21.0 | 20.0 |  |");
    assertThat(md).contains("| phase | command | repository | peer2 |\n|---|---:|---:|---:|\n| full | 6.5 | 2 | 4 |\n");
  }

  @Test
  void spliceReplacesOnlyTheGeneratedPart() {
    String doc = "# Benchmarks\nprose before\n" + BenchReport.BEGIN + "\nold table\n" + BenchReport.END + "\nprose after\n";
    String spliced = BenchReport.splice(doc, "new table\n");
    assertThat(spliced).contains("prose before", "new table", "prose after").doesNotContain("old table");
    assertThat(BenchReport.splice("# Benchmarks\n", "t\n")).endsWith(BenchReport.BEGIN + "\nt\n" + BenchReport.END + "\n");
  }

  @Test
  void chartIsAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("chart.png");
    BenchReport.read(Files.write(dir.resolve("results.txt"), RESULTS)).chart(png);
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
  }

  @Test
  void missingPartsAndBadLinesAreNamed(@TempDir Path dir) throws Exception {
    BenchReport empty = BenchReport.read(Files.write(dir.resolve("r.txt"), List.of("limit name=sha256 mb_s=1")));
    assertThatThrownBy(() -> empty.markdown("c.png")).hasMessageContaining("no run line");
    assertThatThrownBy(() -> ResultLine.parse("phase tool=x wall_s")).hasMessageContaining("is not key=value");
    assertThatThrownBy(() -> ResultLine.parse("phase cpu=\"open")).hasMessageContaining("unclosed quote");
    assertThatThrownBy(() -> ResultLine.parse("phase wall_s=fast").number("wall_s", 0)).hasMessageContaining("not a number");
  }

  @Test
  void resultLinesRoundTrip() {
    String line = ResultLine.format("machine", Map.of("cpu", "AMD EPYC"));
    assertThat(line).isEqualTo("machine cpu=\"AMD EPYC\"");
    assertThat(ResultLine.parse(line).get("cpu")).isEqualTo("AMD EPYC");
  }
}
