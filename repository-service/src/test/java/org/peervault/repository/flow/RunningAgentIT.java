package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.peervault.agent.cli.PeerAgent;
import org.peervault.agent.control.ControlClient;
import org.peervault.agent.control.ControlRequest;
import org.peervault.agent.control.ControlServer;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * {@code peer-agent backup} and {@code restore} hand their work to the agent running on the same
 * state directory: a real {@code peer-agent serve} process, enrolled with {@code peer-agent enroll},
 * backing up to three peers through the repository. The steps build on each other, in order.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunningAgentIT {
  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  private TestFleet fleet;
  private Path stateDir;
  private Path tree;
  private Path agentLog;
  private Process agent;

  @BeforeAll
  void enrollAndStartTheAgent() throws Exception {
    fleet = TestFleet.start(enrollment, grpcServer, "running", 1L << 30, false, 3);
    stateDir = fleet.work.resolve("laptop");
    tree = TestTrees.random(fleet.work.resolve("source/data"), 40, 3 << 20, 7);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertThat(PeerAgent.run("enroll", "--state-dir", stateDir.toString(), "--server", fleet.repository,
        "--token", enrollment.issueToken(fleet.organization, false, null), "--name", "laptop",
        "--listen", "127.0.0.1:" + port, "--quota", "64MiB")).isZero();
    agentLog = fleet.work.resolve("agent.log");
    agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), PeerAgent.class.getName(),
        "serve", "--state-dir", stateDir.toString(), "--heartbeat", "5")
        .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
    Path socket = ControlServer.socket(stateDir);
    for (int i = 0; i < 600 && !Files.exists(socket); i++) {
      assertThat(agent.isAlive()).as("the agent runs; its log: %s", log()).isTrue();
      Thread.sleep(100);
    }
    assertThat(socket).as("the agent's control socket; its log: %s", log()).exists();
  }

  @AfterAll
  void stop() {
    if (agent != null) {
      agent.destroyForcibly();
    }
    fleet.close();
  }

  @Test
  @Order(1)
  void backupRunsInTheRunningAgent() throws Exception {
    Output run = cli("backup", "--state-dir", stateDir.toString(), tree.toString());

    assertThat(run.exit).as("stderr: %s", run.err).isZero();
    assertThat(run.out).startsWith("snapshot ").contains("41 files");
    assertThat(commandsInTheAgent("backup")).as("log: %s", log()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void restoreRunsInTheRunningAgentIntoATargetRelativeToTheCaller() throws Exception {
    Path target = fleet.work.resolve("restored-by-agent");
    Path relative = Path.of("").toAbsolutePath().relativize(target);
    assertThat(relative.isAbsolute()).isFalse();

    Output run = cli("restore", "--state-dir", stateDir.toString(), "--target", relative.toString());

    assertThat(run.exit).as("stderr: %s", run.err).isZero();
    assertThat(run.out).startsWith("restored 41 files");
    assertThat(commandsInTheAgent("restore")).isEqualTo(1);
    TestTrees.assertSameFiles(tree, target.resolve("data"));
  }

  @Test
  @Order(3)
  void noDaemonRunsTheCommandInItsOwnProcess() throws Exception {
    Path target = fleet.work.resolve("restored-here");

    Output run = cli("restore", "--state-dir", stateDir.toString(), "--target", target.toString(), "--no-daemon");

    assertThat(run.exit).as("stderr: %s", run.err).isZero();
    assertThat(commandsInTheAgent("restore")).as("not in the agent").isEqualTo(1);
    TestTrees.assertSameFiles(tree, target.resolve("data"));
  }

  @Test
  @Order(4)
  void theAgentTakesOnlyBackupAndRestoreOnItsOwnStateDirectory() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    OptionalInt other = ControlClient.run(stateDir, new ControlRequest(fleet.work, List.of("enroll", "--server",
        "127.0.0.1:1", "--token", "x.y")), System.out, errors);
    assertThat(other).hasValue(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("takes only backup and restore, not \"enroll\"");

    OptionalInt elsewhere = ControlClient.run(stateDir, new ControlRequest(fleet.work, List.of("backup",
        "--state-dir", fleet.work.resolve("another").toString(), tree.toString())), System.out, errors);
    assertThat(elsewhere).hasValue(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("this agent runs on " + stateDir);
    assertThat(agent.isAlive()).isTrue();
  }

  @Test
  @Order(5)
  void whenTheAgentStopsCommandsRunInTheirOwnProcess() throws Exception {
    agent.destroy(); // SIGTERM, as a service manager stops it
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ControlServer.socket(stateDir)).as("removed at the agent's stop").doesNotExist();
    Files.writeString(tree.resolve("docs/new.txt"), "written after the agent stopped");

    Output run = cli("backup", "--state-dir", stateDir.toString(), tree.toString());

    assertThat(run.exit).as("stderr: %s", run.err).isZero();
    assertThat(run.out).startsWith("snapshot ").contains("42 files (41 unchanged)");
  }

  /** A peer-agent command line run in this JVM, its standard output and error captured. */
  private static Output cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      exit = PeerAgent.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Output(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
  }

  private record Output(int exit, String out, String err) {}

  private long commandsInTheAgent(String command) throws IOException {
    return log().lines().filter(l -> l.contains("event=control_command command=" + command + " ")).count();
  }

  private String log() throws IOException {
    return Files.exists(agentLog) ? Files.readString(agentLog) : "";
  }
}
