package org.peervault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.progress.Progress;

class ProgressOutputTest {
  private static final Progress HALF = new Progress("backup", "transfer", 5, 10, 50 << 20, 100 << 20, 30 << 20,
      Duration.ofSeconds(10));

  @Test
  void aLineShowsFilesBytesSpeedSentAndEta() {
    assertThat(ProgressPrinter.line(HALF))
        .isEqualTo("backup: 5/10 files, 50.0 MiB/100.0 MiB (50%), 5.0 MiB/s, sent 30.0 MiB, ETA 0m10s");
  }

  @Test
  void jsonLinesAreOneEscapedObjectPerEvent() {
    assertThat(ProgressPrinter.json(HALF).toString()).isEqualTo("{\"event\":\"progress\",\"operation\":\"backup\","
        + "\"phase\":\"transfer\",\"files_done\":5,\"files_total\":10,\"bytes_done\":52428800,\"bytes_total\":104857600,"
        + "\"transferred_bytes\":31457280,\"bytes_per_second\":5242880,\"eta_seconds\":10,\"elapsed_ms\":10000}");
    assertThat(JsonLine.event("skipped").put("path", "a \"b\"\\\n\u0001").toString())
        .isEqualTo("{\"event\":\"skipped\",\"path\":\"a \\\"b\\\"\\\\\\n\\u0001\"}");
  }

  @Test
  void backupProgressTellsWhenPlacementsFallShortOfTheTarget() {
    Progress below = new Progress("backup", "transfer", 5, 10, 50 << 20, 100 << 20, 30 << 20, Duration.ofSeconds(10),
        0.9731, 0.99, 12);

    assertThat(ProgressPrinter.line(below)).endsWith(", 12 chunks below target availability (0.9731 < 0.99)");
    assertThat(ProgressPrinter.json(below).toString()).endsWith(",\"placed_availability\":0.973100,"
        + "\"target_availability\":0.990000,\"below_target_chunks\":12}");
    assertThat(ProgressPrinter.line(new Progress("backup", "transfer", 5, 10, 50 << 20, 100 << 20, 30 << 20,
        Duration.ofSeconds(10), 1.0, 0.99, 0))).endsWith("ETA 0m10s");
  }

  @Test
  void aBackupBelowTargetEndsWithAWarningThatSaysWhatToDo() {
    BackupReport report = new BackupReport(42, 1, 0, 0, 10, 1, 0, 10, java.util.List.of(), Duration.ofSeconds(1),
        0, 10, new BackupReport.Availability(0.875, 0.99));
    StringWriter json = new StringWriter();
    StringWriter human = new StringWriter();
    assertThat(BackupCommand.summarize(report, true, new PrintWriter(json), new PrintWriter(new StringWriter())))
        .isEqualTo(ExitCode.OK);
    BackupCommand.summarize(report, false, new PrintWriter(new StringWriter()), new PrintWriter(human, true));
    String[] lines = json.toString().split("\n");
    assertThat(lines[0]).contains("\"achieved_availability\":0.875000,\"target_availability\":0.990000,"
        + "\"below_target\":true");
    assertThat(lines[1]).startsWith("{\"event\":\"warning\",\"code\":\"below-target-availability\"");
    assertThat(human.toString()).startsWith("warning: snapshot 42 is restorable with"
        + " probability 0.8750 during your usual hours, below the policy's target of 0.99")
        .contains("raise their quotas");
  }

  @Test
  void updatesAreThrottledButTheLastOneAlwaysShows() {
    StringWriter bytes = new StringWriter();
    ProgressPrinter printer = new ProgressPrinter(ProgressPrinter.Mode.JSON, new PrintWriter(bytes, true));
    for (int i = 0; i < 1000; i++) {
      printer.update(HALF);
    }
    printer.update(new Progress("backup", "done", 10, 10, 100 << 20, 100 << 20, 60 << 20, Duration.ofSeconds(20)));
    String[] lines = bytes.toString().split("\n");
    assertThat(lines.length).isBetween(2, 10);
    assertThat(lines[lines.length - 1]).contains("\"phase\":\"done\"");
  }

  @Test
  void newCommandsAreListedAndCheckTheirArguments() {
    assertThat(PeerAgent.run("diff")).isEqualTo(ExitCode.USAGE);
    assertThat(PeerAgent.run("restore", "--target", "/tmp/x", "--skip", "--rename")).isEqualTo(ExitCode.USAGE);
    assertThat(PeerAgent.run("run", "--every", "hourly")).isEqualTo(ExitCode.USAGE);
    assertThat(PeerAgent.run("backup", "--limit-upload")).isEqualTo(ExitCode.USAGE);
  }
}
