package org.peervault.agent.serve;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.security.PublicKey;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.transfer.DeviceKeys;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.agent.transfer.RepositoryException;
import org.peervault.proto.v1.HeartbeatResponse;
import org.peervault.proto.v1.PeerTask;

/**
 * Tells the repository, at a fixed interval, that this peer is alive, where it listens and how much
 * of its quota is used; each answer refreshes the {@link GrantVerifier}'s grant key and revoked
 * devices, so a revoked device is refused within one interval, and its peer tasks go to the task
 * sink. Each beat also carries the link throughput measured since the previous one, so the
 * repository can count hours on a slow link as low availability. A failed beat is logged and
 * retried at the next tick. Close it to stop.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "heartbeat");
    t.setDaemon(true);
    return t;
  });
  private final RepositoryClient repository;
  private final String peerAddress;
  private final ChunkStore store;
  private final GrantVerifier verifier;
  private final Consumer<List<PeerTask>> tasks;
  private final LongSupplier linkBytesPerSecond;

  private Heartbeat(RepositoryClient repository, String peerAddress, ChunkStore store, GrantVerifier verifier,
      Consumer<List<PeerTask>> tasks, LongSupplier linkBytesPerSecond) {
    this.repository = repository;
    this.peerAddress = peerAddress;
    this.store = store;
    this.verifier = verifier;
    this.tasks = tasks;
    this.linkBytesPerSecond = linkBytesPerSecond;
  }

  /**
   * Beats once now (failing loudly if the repository refuses) and then every {@code interval};
   * peer tasks that come with the answers are refused (they are handed out again later).
   */
  public static Heartbeat start(RepositoryClient repository, String peerAddress, ChunkStore store,
      GrantVerifier verifier, Duration interval) {
    return start(repository, peerAddress, store, verifier, interval, handed -> { });
  }

  /**
   * Beats once now (failing loudly if the repository refuses) and then every {@code interval},
   * passing the peer tasks of each answer to {@code tasks} (which must not block).
   */
  public static Heartbeat start(RepositoryClient repository, String peerAddress, ChunkStore store,
      GrantVerifier verifier, Duration interval, Consumer<List<PeerTask>> tasks) {
    return start(repository, peerAddress, store, verifier, interval, tasks, () -> 0);
  }

  /**
   * Beats once now (failing loudly if the repository refuses) and then every {@code interval},
   * passing the peer tasks of each answer to {@code tasks} (which must not block); each beat reports
   * {@code linkBytesPerSecond} (a reading of a {@code LinkMeter}; 0: nothing measured).
   */
  public static Heartbeat start(RepositoryClient repository, String peerAddress, ChunkStore store,
      GrantVerifier verifier, Duration interval, Consumer<List<PeerTask>> tasks, LongSupplier linkBytesPerSecond) {
    Heartbeat heartbeat = new Heartbeat(repository, peerAddress, store, verifier, tasks, linkBytesPerSecond);
    heartbeat.beat();
    heartbeat.timer.scheduleAtFixedRate(heartbeat::beatQuietly, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return heartbeat;
  }

  private void beat() {
    HeartbeatResponse answer = repository.heartbeat(peerAddress, store.quotaBytes(), store.usedBytes(),
        linkBytesPerSecond.getAsLong());
    PublicKey grantKey = answer.getGrantPublicKey().isEmpty()
        ? null : DeviceKeys.grantKey(answer.getGrantPublicKey().toByteArray());
    if (verifier != null) {
      verifier.update(grantKey, answer.getRevokedDeviceIdsList());
    }
    if (answer.getTasksCount() > 0) {
      tasks.accept(answer.getTasksList());
    }
  }

  private void beatQuietly() {
    try {
      beat();
    } catch (RepositoryException | IllegalArgumentException e) {
      LOG.warning(() -> "event=heartbeat_failed reason=\"" + e.getMessage() + "\"");
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
