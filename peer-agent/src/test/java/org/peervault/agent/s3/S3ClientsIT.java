package org.peervault.agent.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real command-line S3 clients (aws CLI, s3cmd, rclone) driven through the gateway by
 * deploy/local/s3-clients.sh. A client that is not installed is skipped, and only then.
 */
class S3ClientsIT {
  private static final Path SCRIPT = Path.of("..", "deploy", "local", "s3-clients.sh");
  private static GatewayFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new GatewayFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "s3cmd", "rclone"})
  void clientPassesEveryStep(String client) throws IOException, InterruptedException {
    assumeTrue(installed(client), client + " is not installed: skipped (apt-get install "
        + (client.equals("aws") ? "awscli" : client) + " to run it)");
    Path log = Files.createTempFile("s3-" + client, ".log");
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), client)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("S3_ENDPOINT", fixture.endpoint().toString());
    builder.environment().put("AWS_ACCESS_KEY_ID", GatewayFixture.ACCESS_KEY);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", GatewayFixture.SECRET);
    builder.environment().remove("AWS_PROFILE");
    Process process = builder.start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertThat(finished).as("%s finished within 5 minutes:%n%s", client, output).isTrue();
    assertThat(process.exitValue()).as("%s%n%s", client, output).isZero();
    assertThat(output).contains("s3 clients: all passed").doesNotContain("FAIL");
  }

  private static boolean installed(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
