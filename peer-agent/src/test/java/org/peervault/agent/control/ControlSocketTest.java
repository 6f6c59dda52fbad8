package org.peervault.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket between {@code peer-agent backup}/{@code restore} and the running agent. */
class ControlSocketTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private OptionalInt call(Path stateDir, String... args) throws Exception {
    return ControlClient.run(stateDir, new ControlRequest(Path.of("/home/someone/work"), List.of(args)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theCommandRunsInTheAgentWithTheCallersDirectoryAndItsOutputAndExitCodeComeBack(@TempDir Path dir)
      throws Exception {
    try (ControlServer server = ControlServer.start(dir, (request, stdout, stderr) -> {
      stdout.println("ran " + String.join(" ", request.args()) + " in " + request.cwd());
      stdout.print("progress without a newline");
      stdout.flush();
      stderr.println("a warning: ünïcödé");
      return 3;
    })) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket()))).isEqualTo("rw-------");
      assertThat(call(dir, "backup", "docs", "--json")).hasValue(3);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("ran backup docs --json in /home/someone/work\nprogress without a newline");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("a warning: ünïcödé\n");
    assertThat(dir.resolve(ControlServer.SOCKET)).as("removed when the agent stops").doesNotExist();
  }

  @Test
  void outputLongerThanOneFrameArrivesWhole(@TempDir Path dir) throws Exception {
    String big = "x".repeat(ControlFrames.MAX_FRAME * 2 + 17);
    try (ControlServer server = ControlServer.start(dir, (request, stdout, stderr) -> {
      stdout.print(big);
      return 0;
    })) {
      assertThat(call(dir, "restore")).hasValue(0);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(big);
  }

  @Test
  void withoutARunningAgentTheCallerRunsTheCommandItself(@TempDir Path dir) throws Exception {
    assertThat(call(dir, "backup")).as("no socket").isEmpty();

    Path socket = ControlServer.socket(dir);
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket)); // an agent that died and left its socket behind
    }
    assertThat(socket).exists();
    assertThat(call(dir, "backup")).as("a stale socket").isEmpty();

    try (ControlServer server = ControlServer.start(dir, (request, stdout, stderr) -> 0)) {
      assertThat(call(dir, "backup")).as("a new agent replaces the stale socket").hasValue(0);
    }
  }

  @Test
  void aSecondAgentOnTheSameStateDirectoryIsRefused(@TempDir Path dir) throws Exception {
    try (ControlServer first = ControlServer.start(dir, (request, stdout, stderr) -> 0)) {
      assertThatThrownBy(() -> ControlServer.start(dir, (request, stdout, stderr) -> 0))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("another agent is running on " + dir);
      assertThat(call(dir, "backup")).as("the first still answers").hasValue(0);
    }
  }

  @Test
  void aFailingCommandIsReportedAndTheAgentGoesOn(@TempDir Path dir) throws Exception {
    try (ControlServer server = ControlServer.start(dir, (request, stdout, stderr) -> {
      if (request.args().get(0).equals("boom")) {
        throw new IllegalStateException("the index is gone");
      }
      return 0;
    })) {
      assertThat(call(dir, "boom")).hasValue(ControlServer.FAILED);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("boom: failed in the running agent")
          .contains("the index is gone");
      assertThat(call(dir, "backup")).hasValue(0);
    }
  }

  @Test
  void aMalformedRequestGetsAClearRefusalAndRunsNothing(@TempDir Path dir) throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    try (ControlServer server = ControlServer.start(dir, (request, stdout, stderr) -> {
      ran.countDown();
      return 0;
    })) {
      for (byte[] request : List.of("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
          new byte[] {0x50, 0x56, 0x43, 0x31, 0x7f, 0, 0, 0})) {
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
          new DataOutputStream(ControlFrames.output(raw)).write(request);
          DataInputStream in = new DataInputStream(ControlFrames.input(raw));
          assertThat(in.read()).isEqualTo(ControlFrames.ERR);
          String message = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
          assertThat(message).startsWith("peer-agent: malformed control request: ");
          assertThat(in.read()).isEqualTo(ControlFrames.EXIT);
          assertThat(in.readInt()).isEqualTo(ControlServer.MALFORMED);
        }
      }
      assertThat(ran.getCount()).as("nothing ran").isEqualTo(1);
    }
  }

  @Test
  void aCallerThatGoesAwayInterruptsItsCommand(@TempDir Path dir) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    try (ControlServer server = ControlServer.start(dir, (request, stdout, stderr) -> {
      started.countDown();
      try {
        Thread.sleep(60_000);
        return 0;
      } catch (InterruptedException e) {
        interrupted.countDown();
        return 130;
      }
    })) {
      try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
        ControlFrames.writeRequest(new DataOutputStream(ControlFrames.output(raw)),
            new ControlRequest(dir, List.of("restore")));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      } // Ctrl-C: the caller's end closes
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the command was interrupted").isTrue();
    }
  }

  @Test
  void requestsAreCommandLinesFromAnAbsoluteDirectory() {
    assertThatThrownBy(() -> new ControlRequest(Path.of("relative"), List.of("backup")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
    assertThatThrownBy(() -> new ControlRequest(Path.of("/"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
