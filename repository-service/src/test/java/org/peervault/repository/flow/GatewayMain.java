package org.peervault.repository.flow;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.peervault.agent.config.IdentityFiles;
import org.peervault.agent.objects.ObjectCatalogClient;
import org.peervault.agent.objects.ObjectStoreSettings;
import org.peervault.agent.objects.PeerObjectStore;
import org.peervault.agent.s3.RepositorySigningKeys;
import org.peervault.agent.s3.S3Gateway;
import org.peervault.agent.s3.S3GatewayConfig;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;

/**
 * The S3 gateway in a JVM of its own, so a test can give it a small heap: the S3 endpoint over the
 * peer object store, as {@code peer-agent s3} runs it. Arguments: repository host:port, identity
 * directory (as IdentityFiles writes it), device id, organization id, a directory where it writes
 * {@code port} once listening and {@code peak-heap} (the most heap bytes seen in use, sampled
 * every 20 ms) whenever that grows. Runs until killed.
 */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) throws Exception {
    IdentityFiles.Stored stored = IdentityFiles.load(Path.of(args[1]));
    DeviceIdentity identity = new DeviceIdentity(Long.parseLong(args[2]),
        Long.parseLong(args[3]), stored.key(), stored.certificate(), stored.caCertificate());
    Path out = Path.of(args[4]);
    Thread sampler = new Thread(() -> samplePeakHeap(out.resolve("peak-heap")), "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    RepositoryClient repository = RepositoryClient.connect(args[0], identity);
    PeerChannels peers = new PeerChannels(identity);
    PeerObjectStore store = new PeerObjectStore(repository, peers, ObjectStoreSettings.defaults());
    S3Gateway gateway = new S3Gateway(store, new RepositorySigningKeys(
        new ObjectCatalogClient(repository), RepositorySigningKeys.DEFAULT_TTL,
        Clock.systemUTC()), Clock.systemUTC(), new S3GatewayConfig("127.0.0.1", 0,
            S3GatewayConfig.DEFAULT_REGION, List.of("localhost"), 16));
    gateway.start();
    Files.writeString(out.resolve("port.tmp"), Integer.toString(gateway.port()));
    Files.move(out.resolve("port.tmp"), out.resolve("port"));
    gateway.join();
  }

  private static void samplePeakHeap(Path file) {
    var memory = ManagementFactory.getMemoryMXBean();
    long peak = 0;
    while (true) {
      long used = memory.getHeapMemoryUsage().getUsed();
      try {
        if (used > peak) {
          peak = used;
          Files.writeString(file, Long.toString(peak));
        }
        Thread.sleep(20);
      } catch (Exception e) {
        return;
      }
    }
  }
}
