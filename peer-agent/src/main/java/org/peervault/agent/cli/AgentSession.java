package org.peervault.agent.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.peervault.agent.account.UserSession;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.IdentityFiles;
import org.peervault.agent.replica.TaskRunner;
import org.peervault.agent.serve.GrantVerifier;
import org.peervault.agent.serve.Heartbeat;
import org.peervault.agent.serve.PeerServer;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.DeviceKeys;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.agent.transfer.RepositoryException;

/**
 * The connections a command opens for this device: to the repository and to its peers, over mutual
 * TLS with the device certificate. The one place commands get them, so how the agent authenticates
 * is decided here. Opening a session renews the certificate when less than a third of its validity
 * is left; {@code serve} also checks once a day ({@link #renewDaily()}). Close it when done.
 */
final class AgentSession implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AgentSession.class.getName());
  /** Peer tasks (repair copies, deletes) carried out at once. */
  static final int TASK_CONCURRENCY = 4;

  private final AgentState state;
  private final IdentityFiles.Stored stored;
  private final DeviceIdentity identity;
  private final RepositoryClient repository;
  private final Clock clock;
  private PeerChannels peers;
  private ScheduledExecutorService renewals;

  private AgentSession(AgentState state, Clock clock) {
    this.state = state;
    this.clock = clock;
    this.stored = IdentityFiles.load(state.stateDir());
    this.identity = new DeviceIdentity(state.deviceId(), state.organizationId(), stored.key(),
        stored.certificate(), stored.caCertificate());
    this.repository = RepositoryClient.connect(state.repository(), identity, UserSession.interceptors(state.stateDir()));
  }

  /**
   * Opens the session, renewing the certificate if due.
   *
   * @throws AgentState.NotRegisteredException when the certificate has expired (it cannot renew itself)
   */
  static AgentSession open(AgentState state) {
    AgentSession session = new AgentSession(state, Clock.systemUTC());
    Instant expiry = session.identity.certificate().getNotAfter().toInstant();
    if (expiry.isBefore(session.clock.instant())) {
      session.close();
      throw new AgentState.NotRegisteredException("the device certificate expired at " + expiry
          + " and cannot be renewed; ask an administrator for a token and enroll again:"
          + " peer-agent enroll --server HOST:PORT --token TOKEN");
    }
    session.renewIfDue();
    return session;
  }

  AgentState state() {
    return state;
  }

  DeviceIdentity identity() {
    return identity;
  }

  RepositoryClient repository() {
    return repository;
  }

  /** A grant verifier for this peer, starting from the grant key saved at enrollment. */
  GrantVerifier grantVerifier() {
    return new GrantVerifier(state.organizationId(), state.deviceId(), stored.grantKey(), clock);
  }

  /** Channels to peers, opened on first use. */
  synchronized PeerChannels peers() {
    if (peers == null) {
      peers = new PeerChannels(identity);
    }
    return peers;
  }

  /**
   * Serves peers from {@code store} over mutual TLS as this device, with a heartbeat every
   * {@code heartbeat} that refreshes the grant key and revoked devices and brings peer tasks
   * (carried out {@value #TASK_CONCURRENCY} at a time), and a daily renewal check; close the
   * result to stop serving (the session stays open).
   */
  AutoCloseable servePeers(ChunkStore store, Duration heartbeat) {
    ServeCommand.HostPort listen = ServeCommand.HostPort.parse(state.listen());
    GrantVerifier verifier = grantVerifier();
    renewDaily();
    PeerServer server = PeerServer.start(listen.host(), listen.port(), store, identity, verifier);
    try {
      TaskRunner tasks = TaskRunner.forStore(store, peers(), repository::reportTasks, TASK_CONCURRENCY);
      Heartbeat beats = Heartbeat.start(repository, state.listen(), store, verifier, heartbeat, tasks,
          peers().linkMeter()::takeBytesPerSecond);
      return () -> {
        beats.close();
        tasks.close();
        server.close();
      };
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Checks once a day whether the certificate is due for renewal, until the session closes. */
  synchronized void renewDaily() {
    if (renewals == null) {
      renewals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "certificate-renewal");
        t.setDaemon(true);
        return t;
      });
      long day = Duration.ofDays(1).toMillis();
      renewals.scheduleAtFixedRate(this::renewIfDue, day, day, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Renews the device certificate with a new key pair if less than a third of its validity is left;
   * key and certificate are saved together before new connections use them. A failed renewal is
   * logged and tried again next time while the certificate is still valid.
   */
  void renewIfDue() {
    if (!identity.needsRenewal(clock.instant())) {
      return;
    }
    try {
      KeyPair keys = DeviceKeys.newKeyPair();
      X509Certificate renewed = DeviceKeys.certificate(
          repository.renew(DeviceKeys.csr(keys, state.deviceName())).getCertificate().toByteArray());
      if (!DeviceKeys.matches(renewed, keys)) {
        throw new IllegalStateException("the repository returned a certificate for another key");
      }
      IdentityFiles.saveCredential(state.stateDir(), keys.getPrivate(), renewed);
      identity.renew(keys.getPrivate(), renewed);
      LOG.info(() -> "event=certificate_renewed device=" + state.deviceId() + " not_after="
          + renewed.getNotAfter().toInstant());
    } catch (RepositoryException | IllegalStateException | IllegalArgumentException e) {
      LOG.warning(() -> "event=certificate_renewal_failed device=" + state.deviceId() + " not_after="
          + identity.certificate().getNotAfter().toInstant() + " reason=\"" + e.getMessage() + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the renewed certificate in " + state.stateDir() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (renewals != null) {
      renewals.shutdownNow();
    }
    if (peers != null) {
      peers.close();
    }
    repository.close();
  }
}
