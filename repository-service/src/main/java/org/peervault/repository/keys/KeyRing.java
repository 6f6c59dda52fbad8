package org.peervault.repository.keys;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;

/**
 * The organizations' secrets, unwrapped once and cached, and the chunk keys derived from them.
 *
 * <p>An organization gets its secret (version 1) on first use. Keys are handed out only for an
 * organization the caller belongs to; enforcing that is the caller's job. Thread-safe. The cache
 * never expires: rotation (a later issue) adds versions and must refresh it.
 */
@Startup(KeyRing.STARTUP_ORDER)
@ApplicationScoped
public class KeyRing {
  /** Start-up order: before anything that serves requests, so a missing key fails fast. */
  public static final int STARTUP_ORDER = 1000;
  private static final Logger LOG = Logger.getLogger(KeyRing.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 32;

  @Inject
  KeysConfig config;

  @Inject
  OrganizationSecretStore store;

  private MasterKey masterKey;
  /** How long an instance trusts its cached list of an organization's versions. */
  static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(60);
  private final Map<Long, NavigableMap<Integer, byte[]>> secrets = new ConcurrentHashMap<>();
  private final Map<Long, Long> loadedAtMillis = new ConcurrentHashMap<>();

  @PostConstruct
  void loadMasterKey() {
    masterKey = MasterKey.fromBase64(config.masterKey().orElse(null));
    LOG.infof("keys: master key loaded masterKeyId=%s", masterKey.id());
  }

  /** The fingerprint of the configured master key, for logs and diagnostics. */
  /** The master key, for the other holders of wrapped secrets (the CA, the grant key). */
  public MasterKey masterKey() {
    return masterKey;
  }

  public String masterKeyId() {
    return masterKey.id();
  }

  /** Creates the organization's first secret if it has none; idempotent. */
  public void ensureSecret(long organizationId) {
    versions(organizationId);
  }

  /** The current (highest) key version of an organization, creating version 1 if needed. */
  public int currentVersion(long organizationId) {
    return versions(organizationId).lastKey();
  }

  /** Whether the organization has a secret of this version. */
  public boolean hasVersion(long organizationId, int version) {
    return versions(organizationId).containsKey(version);
  }

  /**
   * The chunk key of a plaintext hash under one key version of an organization.
   *
   * @throws PeerVaultException (invalid argument) when the organization has no such version
   */
  public byte[] chunkKey(long organizationId, int version, byte[] plainHash) {
    byte[] secret = versions(organizationId).get(version);
    if (secret == null) {
      // Another instance may have rotated since this one loaded the versions.
      secrets.remove(organizationId);
      secret = versions(organizationId).get(version);
    }
    if (secret == null) {
      throw PeerVaultException.invalid("unknown-key-version", "keys: organization "
          + organizationId + " has no key version " + version);
    }
    return ChunkKeyDerivation.chunkKey(secret, plainHash);
  }

  /**
   * Rotates the organization's secret: a new version becomes current, so new chunks get keys of
   * it; chunks stored under older versions keep theirs and stay readable. Other instances pick up
   * the new version within {@link #CACHE_TTL}.
   *
   * @return the new current version
   */
  public int rotate(long organizationId) {
    int next = QuarkusTransaction.requiringNew().call(() -> {
      List<OrganizationSecret> found = store.versions(organizationId);
      int version = found.stream().mapToInt(r -> r.version).max().orElse(0) + 1;
      createVersion(organizationId, version);
      return version;
    });
    secrets.remove(organizationId);
    LOG.infof("keys: organization secret rotated organization=%d version=%d", organizationId, next);
    return next;
  }

  private NavigableMap<Integer, byte[]> versions(long organizationId) {
    NavigableMap<Integer, byte[]> cached = secrets.get(organizationId);
    Long loadedAt = loadedAtMillis.get(organizationId);
    if (cached != null && loadedAt != null && System.currentTimeMillis() - loadedAt < CACHE_TTL.toMillis()) {
      return cached;
    }
    // Only a cache miss touches the database (joining the caller's transaction, if any).
    List<OrganizationSecret> rows = QuarkusTransaction.joiningExisting().call(() -> {
      List<OrganizationSecret> found = store.versions(organizationId);
      if (found.isEmpty()) {
        createFirstVersion(organizationId);
        found = store.versions(organizationId);
      }
      return found;
    });
    NavigableMap<Integer, byte[]> loaded = new TreeMap<>();
    for (OrganizationSecret row : rows) {
      loaded.put(row.version, unwrap(row));
    }
    NavigableMap<Integer, byte[]> result = Collections.unmodifiableNavigableMap(loaded);
    secrets.put(organizationId, result);
    loadedAtMillis.put(organizationId, System.currentTimeMillis());
    return result;
  }

  private void createFirstVersion(long organizationId) {
    createVersion(organizationId, 1);
  }

  private void createVersion(long organizationId, int version) {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    try {
      MasterKey.Wrapped wrapped = masterKey.wrap(secret,
          OrganizationSecret.wrapContext(organizationId, version));
      store.addIfAbsent(organizationId, version, wrapped, masterKey.id());
      LOG.infof("keys: organization secret created organization=%d version=%d", organizationId, version);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private byte[] unwrap(OrganizationSecret row) {
    try {
      return masterKey.unwrap(new MasterKey.Wrapped(row.wrapNonce, row.wrappedSecret),
          OrganizationSecret.wrapContext(row.organizationId, row.version));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("keys: cannot unwrap the secret of organization "
          + row.organizationId + " version " + row.version + ": it was wrapped by master key "
          + row.masterKeyId + " but the configured master key is " + masterKey.id()
          + "; start the service with the original peervault.keys.master-key", e);
    }
  }
}
