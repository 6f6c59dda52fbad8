package org.peervault.agent.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.store.FileChunkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: stores and serves peers' chunks until stopped, and carries out {@code backup} and
 * {@code restore} commands run on the same state directory ({@link ControlCommands}).
 */
@Command(name = "serve", description = "Serve peers: store and return their sealed chunks until stopped.")
final class ServeCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "60",
      description = "Seconds between heartbeats to the repository (default: ${DEFAULT-VALUE}).")
  int heartbeatSeconds;

  @Override
  public Integer call() throws Exception {
    AgentState agent = state.load();
    FileChunkStore store = FileChunkStore.open(agent.storeDir(), agent.quotaBytes());
    HostPort listen = HostPort.parse(agent.listen());
    try (StopSignal stop = StopSignal.install("serve-stop");
        AgentSession session = AgentSession.open(agent);
        AutoCloseable serving = session.servePeers(store, Duration.ofSeconds(heartbeatSeconds));
        AutoCloseable control = ControlCommands.listen(session)) {
      System.out.printf("serving peers on %s as device %d (%s of %s used, chunks in %s)%n", agent.listen(),
          agent.deviceId(), ByteSize.format(store.usedBytes()), ByteSize.format(store.quotaBytes()), agent.storeDir());
      stop.await();
    }
    return ExitCode.OK;
  }

  /** A host:port pair. */
  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException("not a HOST:PORT address: \"" + text + "\"");
      }
      return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
  }
}
