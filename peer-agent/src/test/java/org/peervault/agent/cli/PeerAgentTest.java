package org.peervault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerAgentTest {
  @Test
  void anUnregisteredMachineExitsWithTheAuthenticationCode(@TempDir Path dir) {
    assertThat(PeerAgent.run("snapshots", "--state-dir", dir.toString())).isEqualTo(ExitCode.AUTHENTICATION);
  }

  @Test
  void aWrongCommandLineExitsWithTheUsageCode() {
    assertThat(PeerAgent.run("restore")).isEqualTo(ExitCode.USAGE);
    assertThat(PeerAgent.run("no-such-command")).isEqualTo(ExitCode.USAGE);
    assertThat(PeerAgent.run("s3")).as("s3 without --listen").isEqualTo(ExitCode.USAGE);
  }

  @Test
  void theS3GatewayOfAnUnenrolledMachineExitsWithTheAuthenticationCode(@TempDir Path dir) {
    assertThat(PeerAgent.run("s3", "--state-dir", dir.toString(), "--listen", "127.0.0.1:0"))
        .isEqualTo(ExitCode.AUTHENTICATION);
  }

  @Test
  void anUnreachableRepositoryExitsWithItsOwnCode(@TempDir Path dir) {
    assertThat(PeerAgent.run("enroll", "--state-dir", dir.toString(), "--server", "127.0.0.1:1",
        "--token", "secret.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isEqualTo(ExitCode.REPOSITORY_UNREACHABLE);
  }

  @Test
  void aTokenWithoutCaFingerprintIsRefusedBeforeAnyConnection(@TempDir Path dir) {
    assertThat(PeerAgent.run("enroll", "--state-dir", dir.toString(), "--server", "127.0.0.1:1",
        "--token", "secret")).isEqualTo(ExitCode.FAILURE);
    assertThat(dir.resolve("agent.properties")).doesNotExist();
  }

  @Test
  void timesParseInEveryDocumentedForm() {
    assertThat(TimeArg.parseMillis("2026-11-23T10:15:00Z")).isEqualTo(1795428900000L);
    assertThat(TimeArg.parseMillis("1795428900000")).isEqualTo(1795428900000L);
    assertThat(TimeArg.parseMillis("2026-11-23T10:15")).isPositive();
    assertThat(TimeArg.parseMillis("2026-11-23")).isGreaterThan(TimeArg.parseMillis("2026-11-23T10:15"));
    assertThatThrownBy(() -> TimeArg.parseMillis("yesterday")).hasMessageContaining("not a time: \"yesterday\"");
  }
}
