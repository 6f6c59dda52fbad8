package org.peervault.agent.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.objects.ObjectCatalogClient;
import org.peervault.agent.objects.ObjectStoreSettings;
import org.peervault.agent.objects.PeerObjectStore;
import org.peervault.agent.s3.RepositorySigningKeys;
import org.peervault.agent.s3.S3Gateway;
import org.peervault.agent.s3.S3GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code s3}: serves the S3 REST API on HOST:PORT until stopped. Objects are stored as chunks on
 * the peers through the repository's object catalog; signatures are checked with signing keys
 * the repository derives, so no secret reaches this machine.
 */
@Command(name = "s3", description = "Serve the S3 API over the peer pool until stopped.")
final class S3Command implements Callable<Integer> {
  @Mixin StateOptions state;

  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
      description = "Where to serve S3, e.g. 127.0.0.1:9000.")
  String listen;

  @Option(names = "--region", defaultValue = S3GatewayConfig.DEFAULT_REGION,
      description = "The region clients sign for (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--virtual-host-domain", paramLabel = "DOMAIN", defaultValue = "localhost",
      split = ",", description = "Host names under which bucket.DOMAIN addresses a bucket"
          + " (default: ${DEFAULT-VALUE}).")
  List<String> domains;

  @Option(names = "--max-threads", defaultValue = "64",
      description = "Most requests served at once (default: ${DEFAULT-VALUE}).")
  int maxThreads;

  @Override
  public Integer call() throws Exception {
    AgentState agent = state.load();
    ServeCommand.HostPort at = ServeCommand.HostPort.parse(listen);
    try (StopSignal stop = StopSignal.install("s3-stop");
        AgentSession session = AgentSession.open(agent);
        PeerObjectStore store = new PeerObjectStore(session.repository(), session.peers(),
            ObjectStoreSettings.defaults());
        S3Gateway gateway = new S3Gateway(store, new RepositorySigningKeys(
            new ObjectCatalogClient(session.repository()), RepositorySigningKeys.DEFAULT_TTL,
            Clock.systemUTC()), Clock.systemUTC(),
            new S3GatewayConfig(at.host(), at.port(), region, domains, maxThreads))) {
      gateway.start();
      System.out.printf("serving S3 on %s:%d as device %d (region %s)%n", at.host(),
          gateway.port(), agent.deviceId(), region);
      stop.await();
    }
    return ExitCode.OK;
  }
}
