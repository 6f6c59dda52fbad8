package org.peervault.repository.access;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.jboss.logging.Logger;
import org.peervault.repository.Listing;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.keys.KeysConfig;
import org.peervault.repository.keys.MasterKey;

/** Issues, lists, revokes and opens S3 access keys. Secrets are never logged. Thread-safe. */
@ApplicationScoped
public class AccessKeys {
  private static final Logger LOG = Logger.getLogger(AccessKeys.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final int MAX_DESCRIPTION_CHARS = 200;

  @Inject
  KeysConfig keysConfig;

  private MasterKey masterKey;

  @PostConstruct
  void loadMasterKey() {
    masterKey = MasterKey.fromBase64(keysConfig.masterKey().orElse(null));
  }

  /** A new key: its row and its secret, shown once. */
  public record Issued(AccessKey key, String secret) {}

  /** Issues a key for a user of the organization. */
  @Transactional
  public Issued issue(long organizationId, long ownerUserId, String description) {
    String d = description == null ? "" : description.strip();
    if (d.length() > MAX_DESCRIPTION_CHARS || d.chars().anyMatch(Character::isISOControl)) {
      throw PeerVaultException.invalid("invalid-description", "s3 keys: description must have"
          + " at most " + MAX_DESCRIPTION_CHARS + " characters and no control characters");
    }
    AccessKey key = new AccessKey();
    key.organizationId = organizationId;
    key.accessKeyId = newAccessKeyId();
    String secret = newSecret();
    MasterKey.Wrapped wrapped = masterKey.wrap(secret.getBytes(java.nio.charset.StandardCharsets
        .US_ASCII), context(key.accessKeyId));
    key.wrapNonce = wrapped.nonce();
    key.wrappedSecret = wrapped.ciphertext();
    key.masterKeyId = masterKey.id();
    key.ownerUserId = ownerUserId;
    key.description = d;
    key.createdAt = Instant.now();
    key.persist();
    LOG.infof("s3 keys: issued key=%s organization=%d owner=%d", key.accessKeyId,
        organizationId, ownerUserId);
    return new Issued(key, secret);
  }

  /** The organization's keys, newest first; {@code ownerUserId} null for every owner. */
  @Transactional
  public Listing<AccessKey> list(long organizationId, Long ownerUserId, boolean includeRevoked,
      int page, int size) {
    String q = "organizationId = :org";
    Parameters p = Parameters.with("org", organizationId);
    if (ownerUserId != null) {
      q += " and ownerUserId = :owner";
      p = p.and("owner", ownerUserId);
    }
    if (!includeRevoked) {
      q += " and revokedAt is null";
    }
    var query = AccessKey.<AccessKey>find(q, Sort.descending("id"), p);
    return new Listing<>(query.page(Page.of(page, size)).list(), query.count());
  }

  /**
   * A key of the organization by access key id.
   *
   * @throws PeerVaultException NOT_FOUND when it does not exist there
   */
  @Transactional
  public AccessKey require(long organizationId, String accessKeyId) {
    return AccessKey.<AccessKey>find("organizationId = ?1 and accessKeyId = ?2", organizationId,
        accessKeyId).firstResultOptional().orElseThrow(() -> PeerVaultException.notFound(
            "access-key-not-found", "s3 keys: access key " + accessKeyId
            + " does not exist in your organization"));
  }

  /** The key with this access key id in any organization, revoked or not. */
  @Transactional
  public java.util.Optional<AccessKey> find(String accessKeyId) {
    return AccessKey.<AccessKey>find("accessKeyId", accessKeyId).firstResultOptional();
  }

  /** Revokes a key; revoking a revoked key changes nothing. */
  @Transactional
  public AccessKey revoke(long organizationId, String accessKeyId) {
    AccessKey key = require(organizationId, accessKeyId);
    if (key.revokedAt == null) {
      key.revokedAt = Instant.now();
      LOG.infof("s3 keys: revoked key=%s organization=%d", accessKeyId, organizationId);
    }
    return key;
  }

  /** The secret of a key (for the S3 gateway's signature checks). */
  public String secretOf(AccessKey key) {
    try {
      return new String(masterKey.unwrap(new MasterKey.Wrapped(key.wrapNonce, key.wrappedSecret),
          context(key.accessKeyId)), java.nio.charset.StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("s3 keys: secret of " + key.accessKeyId + " was wrapped by"
          + " master key " + key.masterKeyId + " but the configured one is " + masterKey.id(), e);
    }
  }

  private static String context(String accessKeyId) {
    return "peervault s3 access key " + accessKeyId;
  }

  private static String newAccessKeyId() {
    StringBuilder b = new StringBuilder("PV");
    for (int i = 0; i < 18; i++) {
      b.append(BASE32.charAt(RANDOM.nextInt(BASE32.length())));
    }
    return b.toString();
  }

  private static String newSecret() {
    byte[] bytes = new byte[30];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
