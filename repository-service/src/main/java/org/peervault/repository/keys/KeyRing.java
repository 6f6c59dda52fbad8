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
  private final Map<Long, NavigableMap<Integer, byte[]>> secrets = new ConcurrentHashMap<>();

  @PostConstruct
  void loadMasterKey() {
    masterKey = MasterKey.fromBase64(config.masterKey().orElse(null));
    LOG.infof("keys: master key loaded masterKeyId=%s", masterKey.id());
  }

  /** The fingerprint of the configured master key, for logs and diagnostics. */
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
      throw PeerVaultException.invalid("unknown-key-version", "keys: organization "
          + organizationId + " has no key version " + version);
    }
    return ChunkKeyDerivation.chunkKey(secret, plainHash);
  }

  private NavigableMap<Integer, byte[]> versions(long organizationId) {
    NavigableMap<Integer, byte[]> cached = secrets.get(organizationId);
    if (cached != null) {
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
    NavigableMap<Integer, byte[]> raced = secrets.putIfAbsent(organizationId, result);
    return raced != null ? raced : result;
  }

  private void createFirstVersion(long organizationId) {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    try {
      MasterKey.Wrapped wrapped = masterKey.wrap(secret,
          OrganizationSecret.wrapContext(organizationId, 1));
      store.addIfAbsent(organizationId, 1, wrapped, masterKey.id());
      LOG.infof("keys: organization secret created organization=%d version=1", organizationId);
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
