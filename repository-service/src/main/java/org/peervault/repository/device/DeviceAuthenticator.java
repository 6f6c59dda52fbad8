package org.peervault.repository.device;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies device tokens: the claimed device must exist, be ACTIVE, and its stored hash must
 * match the token's SHA-256 (constant-time comparison).
 *
 * <p>Verified tokens are cached by hash for {@code peervault.auth.token-cache-ttl}, so a
 * revocation made on another instance takes effect within that time; {@link #forget} drops a
 * device's entries at once. Failures are not cached. Thread-safe.
 */
@ApplicationScoped
public class DeviceAuthenticator {

  @Inject
  AuthConfig config;

  @Inject
  DeviceStore devices;

  private final Map<ByteBuffer, Verified> cache = new ConcurrentHashMap<>();

  /** The caller a token belongs to, or empty when it is unknown, revoked or malformed. */
  public Optional<Caller> authenticate(String token) {
    OptionalLong claimed = BearerTokens.deviceIdOf(token);
    if (claimed.isEmpty()) {
      return Optional.empty();
    }
    ByteBuffer key = ByteBuffer.wrap(BearerTokens.hash(token));
    long now = System.nanoTime();
    Verified hit = cache.get(key);
    if (hit != null && now - hit.verifiedAtNanos() < config.tokenCacheTtl().toNanos()) {
      return Optional.of(hit.caller());
    }
    Optional<Caller> caller = QuarkusTransaction.joiningExisting().call(() ->
        devices.findById(claimed.getAsLong())
            .filter(d -> d.status == Device.Status.ACTIVE)
            .filter(d -> BearerTokens.matches(d.tokenHash, token))
            .map(d -> new Caller(d.id, d.organization.id)));
    caller.ifPresentOrElse(c -> remember(key, c, now), () -> cache.remove(key));
    return caller;
  }

  /** Drops cached verifications of a device (after re-registration or revocation). */
  public void forget(long deviceId) {
    cache.values().removeIf(v -> v.caller().deviceId() == deviceId);
  }

  private void remember(ByteBuffer key, Caller caller, long now) {
    if (cache.size() >= config.tokenCacheSize()) {
      long ttl = config.tokenCacheTtl().toNanos();
      cache.values().removeIf(v -> now - v.verifiedAtNanos() >= ttl);
      if (cache.size() >= config.tokenCacheSize()) {
        cache.clear();
      }
    }
    cache.put(key, new Verified(caller, now));
  }

  private record Verified(Caller caller, long verifiedAtNanos) {}
}
