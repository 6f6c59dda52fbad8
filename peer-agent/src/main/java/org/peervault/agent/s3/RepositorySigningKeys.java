package org.peervault.agent.s3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.peervault.agent.objects.ObjectCatalogClient;
import org.peervault.agent.objects.ObjectStore.Principal;
import org.peervault.agent.objects.ObjectStoreException;
import org.peervault.proto.v1.GetSigningKeyRequest;
import org.peervault.proto.v1.GetSigningKeyResponse;

/**
 * Signing keys from the repository (ObjectCatalog.GetSigningKey), cached per access key and
 * scope (day, region, service) for at most {@code ttl}, so a busy gateway asks once per key and
 * day while a revoked key stops working within {@code ttl} (every catalog call also refuses a
 * revoked key at once). Unknown and revoked keys are not cached. Thread-safe.
 */
public final class RepositorySigningKeys implements SigningKeys {
  /** How long a fetched key is used before it is asked for again. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
  private static final int MAX_ENTRIES = 10_000;

  private record Scope(String accessKeyId, LocalDate date, String region, String service) {}

  private record Cached(SigningKey key, Instant until) {}

  private final ObjectCatalogClient catalog;
  private final Duration ttl;
  private final Clock clock;
  private final Map<Scope, Cached> cache = new ConcurrentHashMap<>();

  public RepositorySigningKeys(ObjectCatalogClient catalog, Duration ttl, Clock clock) {
    this.catalog = catalog;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Optional<SigningKey> signingKey(String accessKeyId, LocalDate date, String region,
      String service) {
    Scope scope = new Scope(accessKeyId, date, region, service);
    Instant now = clock.instant();
    Cached cached = cache.get(scope);
    if (cached != null && now.isBefore(cached.until())) {
      return Optional.of(copy(cached.key()));
    }
    GetSigningKeyResponse r;
    try {
      r = catalog.call("signing key", s -> s.getSigningKey(GetSigningKeyRequest.newBuilder()
          .setAccessKeyId(accessKeyId).setDate(DateTimeFormatter.BASIC_ISO_DATE.format(date))
          .setRegion(region).setService(service).build()));
    } catch (ObjectStoreException e) {
      cache.remove(scope);
      if (e.code().equals("InvalidAccessKeyId")) {
        return Optional.empty();
      }
      throw e;
    }
    SigningKey key = new SigningKey(new Principal(r.getOrganizationId(), r.getUserId(),
        accessKeyId), r.getSigningKey().toByteArray());
    if (cache.size() >= MAX_ENTRIES) {
      cache.entrySet().removeIf(e -> !now.isBefore(e.getValue().until()));
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
    }
    cache.put(scope, new Cached(key, now.plus(ttl)));
    return Optional.of(copy(key));
  }

  private static SigningKey copy(SigningKey key) {
    return new SigningKey(key.principal(), key.key().clone());
  }
}
