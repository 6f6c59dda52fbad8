package org.peervault.repository.objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Buckets: names unique within an organization, each owned by the user who created it. Only the
 * owner's access keys list, use and delete a bucket; another user of the organization gets
 * {@code access-denied}, and {@code bucket-already-exists} when creating the same name.
 */
@ApplicationScoped
public class Buckets {
  private static final Logger LOG = Logger.getLogger(Buckets.class);

  @Inject
  BucketStore store;

  /** A bucket as callers see it. */
  public record Bucket(String name, Instant createdAt) {}

  /** Creates a bucket owned by the principal's user. */
  @Transactional
  public Bucket create(ObjectPrincipal principal, String name) {
    String n = ObjectNames.bucket(name);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    if (!store.insertIfAbsent(principal.organizationId(), n, principal.userId(), now)) {
      BucketStore.Row existing = store.find(principal.organizationId(), n, BucketStore.Lock.NONE)
          .orElseThrow(() -> ObjectErrors.precondition("operation-aborted", "bucket "
              + ObjectErrors.quote(n) + " is being deleted; retry"));
      if (existing.ownerUserId() == principal.userId()) {
        throw ObjectErrors.precondition("bucket-already-owned-by-you", "bucket "
            + ObjectErrors.quote(n) + " already exists and is yours");
      }
      throw ObjectErrors.precondition("bucket-already-exists", "bucket " + ObjectErrors.quote(n)
          + " already belongs to another user of your organization; choose another name");
    }
    LOG.infof("s3: bucket created organization=%d owner=%d bucket=%s",
        principal.organizationId(), principal.userId(), n);
    return new Bucket(n, now);
  }

  /** The principal's buckets, by name. */
  @Transactional
  public List<Bucket> list(ObjectPrincipal principal) {
    return store.listOwned(principal.organizationId(), principal.userId()).stream()
        .map(r -> new Bucket(r.name(), r.createdAt())).toList();
  }

  /** One of the principal's buckets. */
  @Transactional
  public Bucket get(ObjectPrincipal principal, String name) {
    BucketStore.Row r = require(principal, name, BucketStore.Lock.NONE);
    return new Bucket(r.name(), r.createdAt());
  }

  /** Deletes a bucket without objects and uploads. */
  @Transactional
  public void delete(ObjectPrincipal principal, String name) {
    BucketStore.Row r = require(principal, name, BucketStore.Lock.DELETE);
    if (store.hasContent(r.id())) {
      throw ObjectErrors.precondition("bucket-not-empty", "bucket " + ObjectErrors.quote(name)
          + " holds objects or uploads in progress; delete them (and abort the uploads) first");
    }
    store.delete(r.id());
    LOG.infof("s3: bucket deleted organization=%d owner=%d bucket=%s",
        principal.organizationId(), principal.userId(), r.name());
  }

  /**
   * The principal's bucket, locked as asked.
   *
   * @throws org.peervault.repository.PeerVaultException {@code no-such-bucket},
   *     {@code access-denied} for another user's bucket
   */
  BucketStore.Row require(ObjectPrincipal principal, String name, BucketStore.Lock lock) {
    String n = name == null ? "" : name;
    BucketStore.Row r = store.find(principal.organizationId(), n, lock)
        .orElseThrow(() -> ObjectErrors.noSuchBucket(n));
    if (r.ownerUserId() != principal.userId()) {
      throw ObjectErrors.accessDenied(n);
    }
    return r;
  }
}
