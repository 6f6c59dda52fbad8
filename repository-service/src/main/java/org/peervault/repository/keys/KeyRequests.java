package org.peervault.repository.keys;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.peervault.repository.ErrorKind;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.Caller;

/**
 * The key service's gate: every key request is counted against a per-device token bucket
 * ({@code peervault.keys.rate-per-second}, burst {@code peervault.keys.burst}) and written to the
 * {@code key_request_audit} table, refused ones included. The buckets live in each instance.
 * Thread-safe.
 */
@ApplicationScoped
public class KeyRequests {
  private static final Logger LOG = Logger.getLogger(KeyRequests.class);

  @Inject
  KeysConfig config;

  @Inject
  EntityManager em;

  private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

  /** One device's allowance: tokens refill at the configured rate up to the burst. */
  private static final class Bucket {
    private double tokens;
    private long refilledAtNanos;

    Bucket(double tokens) {
      this.tokens = tokens;
      this.refilledAtNanos = System.nanoTime();
    }

    synchronized boolean take(int count, double ratePerSecond, double burst) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - refilledAtNanos) / 1e9 * ratePerSecond);
      refilledAtNanos = now;
      if (tokens < count) {
        return false;
      }
      tokens -= count;
      return true;
    }
  }

  /**
   * Admits a request for {@code count} keys, auditing it; call inside the request's transaction.
   *
   * @throws PeerVaultException RESOURCE_EXHAUSTED when the device exceeds its rate
   */
  public void admit(Caller caller, int count) {
    Bucket bucket = buckets.computeIfAbsent(caller.deviceId(), id -> new Bucket(config.burst()));
    if (!bucket.take(count, config.ratePerSecond(), config.burst())) {
      QuarkusTransaction.requiringNew().run(() -> audit(caller, count, true));
      LOG.warnf("keys: rate limit device=%d organization=%d requested=%d", caller.deviceId(),
          caller.organizationId(), count);
      throw new PeerVaultException(ErrorKind.RESOURCE_EXHAUSTED, "key-rate-exceeded", "keys: device "
          + caller.deviceId() + " asked for keys faster than " + config.ratePerSecond()
          + " per second; retry shortly");
    }
    audit(caller, count, false);
  }

  private void audit(Caller caller, int count, boolean refused) {
    em.createNativeQuery("INSERT INTO key_request_audit (organization_id, device_id, key_count, refused, requested_at)"
        + " VALUES (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, caller.organizationId()).setParameter(2, caller.deviceId()).setParameter(3, count)
        .setParameter(4, refused).setParameter(5, Instant.now())
        .executeUpdate();
  }
}
