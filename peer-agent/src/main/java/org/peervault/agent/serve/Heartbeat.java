package org.peervault.agent.serve;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.agent.transfer.RepositoryException;

/**
 * Tells the repository, at a fixed interval, that this peer is alive, where it listens and how much
 * of its quota is used. A failed beat is logged and retried at the next tick. Close it to stop.
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

  private Heartbeat(RepositoryClient repository, String peerAddress, ChunkStore store) {
    this.repository = repository;
    this.peerAddress = peerAddress;
    this.store = store;
  }

  /** Beats once now (failing loudly if the repository refuses) and then every {@code interval}. */
  public static Heartbeat start(RepositoryClient repository, String peerAddress, ChunkStore store,
      Duration interval) {
    Heartbeat heartbeat = new Heartbeat(repository, peerAddress, store);
    heartbeat.beat();
    heartbeat.timer.scheduleAtFixedRate(heartbeat::beatQuietly, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return heartbeat;
  }

  private void beat() {
    repository.heartbeat(peerAddress, store.quotaBytes(), store.usedBytes());
  }

  private void beatQuietly() {
    try {
      beat();
    } catch (RepositoryException e) {
      LOG.warning(() -> "event=heartbeat_failed reason=\"" + e.getMessage() + "\"");
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
