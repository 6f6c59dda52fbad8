package org.peervault.repository.objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.peervault.repository.catalog.ChunkStore;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.keys.KeyRing;
import org.peervault.repository.restore.RestoreBatch;
import org.peervault.repository.restore.RestorePlanner;

/**
 * Object versions: commit, head, list, delete, copy, and locating a version's chunks for reads.
 *
 * <p>A commit is checked whole first (bucket, key, headers, ETag, chunks stored with their
 * content and enough replicas), then replaces the key's current version in one transaction while
 * holding the key's lock, so readers see the old or the new version, and a refused commit
 * changes nothing.
 */
@ApplicationScoped
public class Objects {
  private static final Logger LOG = Logger.getLogger(Objects.class);
  /** Most objects one listing returns. */
  public static final int MAX_LIST = 1000;
  /** Most chunks one locate call returns. */
  public static final int MAX_LOCATE = 256;

  @Inject
  Buckets buckets;

  @Inject
  ObjectVersionStore versions;

  @Inject
  ChunkRefs chunkRefs;

  @Inject
  ChunkStore chunks;

  @Inject
  KeyRing keyRing;

  @Inject
  ReplicationPolicy policy;

  /** What a commit records. */
  public record NewObject(String bucket, String key, long sizeBytes, String etag,
      ObjectHeaders headers, List<ChunkSlice> chunks) {}

  /** Makes a new version of a key visible, replacing the current one. */
  @Transactional
  public StoredObject commit(ObjectPrincipal principal, NewObject o) {
    BucketStore.Row bucket = buckets.require(principal, o.bucket(), BucketStore.Lock.CONTENT);
    String key = ObjectNames.key(o.key());
    String etag = ObjectNames.etag(o.etag());
    ObjectHeaders headers = ObjectNames.headers(o.headers());
    chunkRefs.check(principal.organizationId(), "object " + ObjectErrors.quote(key),
        o.chunks(), ObjectNames.size(o.sizeBytes()));
    StoredObject stored = replace(bucket.id(), key, o.sizeBytes(), etag, headers,
        id -> versions.insertChunks(id, o.chunks()));
    LOG.infof("s3: object committed organization=%d bucket=%s version=%d bytes=%d chunks=%d",
        principal.organizationId(), bucket.name(), stored.version(), o.sizeBytes(),
        o.chunks().size());
    return stored;
  }

  /** The current version of a key. */
  @Transactional
  public StoredObject head(ObjectPrincipal principal, String bucket, String key) {
    BucketStore.Row b = buckets.require(principal, bucket, BucketStore.Lock.NONE);
    return versions.find(b.id(), key == null ? "" : key)
        .orElseThrow(() -> ObjectErrors.noSuchKey(bucket, key));
  }

  /** Up to {@code limit} (1 to 1000) objects with the prefix after {@code startAfter}. */
  @Transactional
  public List<StoredObject> list(ObjectPrincipal principal, String bucket, String prefix,
      String startAfter, int limit) {
    BucketStore.Row b = buckets.require(principal, bucket, BucketStore.Lock.NONE);
    if (limit < 1 || limit > MAX_LIST) {
      throw ObjectErrors.invalid("invalid-argument", "list at most " + MAX_LIST
          + " objects at once, at least 1; got " + limit);
    }
    return versions.list(b.id(), prefix == null ? "" : prefix,
        startAfter == null ? "" : startAfter, limit);
  }

  /** Deletes the current version of a key; a missing key is not an error. */
  @Transactional
  public boolean delete(ObjectPrincipal principal, String bucket, String key) {
    BucketStore.Row b = buckets.require(principal, bucket, BucketStore.Lock.CONTENT);
    String k = key == null ? "" : key;
    versions.lockKey(b.id(), k);
    boolean deleted = versions.delete(b.id(), k) > 0;
    LOG.debugf("s3: object deleted bucket=%s deleted=%s", b.name(), deleted);
    return deleted;
  }

  /** Copies a version to a key, sharing its chunks; headers empty to keep the source's. */
  @Transactional
  public StoredObject copy(ObjectPrincipal principal, String sourceBucket, String sourceKey,
      String bucket, String key, Optional<ObjectHeaders> headers) {
    BucketStore.Row from = buckets.require(principal, sourceBucket, BucketStore.Lock.NONE);
    StoredObject source = versions.find(from.id(), sourceKey == null ? "" : sourceKey)
        .orElseThrow(() -> ObjectErrors.noSuchKey(sourceBucket, sourceKey));
    BucketStore.Row to = buckets.require(principal, bucket, BucketStore.Lock.CONTENT);
    String k = ObjectNames.key(key);
    ObjectHeaders h = ObjectNames.headers(headers.orElse(source.headers()));
    StoredObject copy = replace(to.id(), k, source.sizeBytes(), source.etag(), h,
        id -> versions.copyChunks(source.version(), id));
    LOG.infof("s3: object copied organization=%d from=%d to=%d bytes=%d",
        principal.organizationId(), source.version(), copy.version(), copy.sizeBytes());
    return copy;
  }

  /** A version (0: the current one) and its chunks from the one holding {@code offsetBytes}. */
  public record Located(StoredObject object, List<Span> chunks) {}

  /** A chunk of a located object with where to fetch it. */
  public record Span(ObjectSpan span, RestoreBatch.ChunkLocation location) {}

  /** Locates up to {@code maxChunks} chunks of a version for a read. */
  @Transactional
  public Located locate(ObjectPrincipal principal, String bucket, String key, long version,
      long offsetBytes, int maxChunks) {
    BucketStore.Row b = buckets.require(principal, bucket, BucketStore.Lock.NONE);
    if (maxChunks < 1 || maxChunks > MAX_LOCATE || offsetBytes < 0 || version < 0) {
      throw ObjectErrors.invalid("invalid-argument", "locate 1 to " + MAX_LOCATE
          + " chunks from a non-negative offset and version");
    }
    String k = key == null ? "" : key;
    StoredObject object = (version == 0 ? versions.find(b.id(), k)
        : versions.findVersion(b.id(), k, version))
        .orElseThrow(() -> ObjectErrors.noSuchKey(bucket, key));
    List<ObjectSpan> spans = versions.spans(object.version(), offsetBytes, maxChunks);
    Map<String, ChunkStore.Located> located = chunks.locate(principal.organizationId(),
        new LinkedHashSet<>(spans.stream().map(ObjectSpan::chunkId).toList()));
    Instant liveSince = Instant.now().minus(policy.liveWindow());
    List<Span> result = new ArrayList<>(spans.size());
    for (ObjectSpan s : spans) {
      ChunkStore.Located c = located.get(s.chunkId());
      result.add(new Span(s, new RestoreBatch.ChunkLocation(s.chunkId(),
          keyRing.chunkKey(principal.organizationId(), c.keyVersion(), c.plainHash()),
          c.storedSizeBytes(), RestorePlanner.liveFirst(c.replicas(), liveSince))));
    }
    return new Located(object, result);
  }

  /** Records the chunks of a new version once it has an id. */
  interface ChunkWriter {
    void write(long objectId);
  }

  /** Replaces a key's current version, holding the key's lock; the caller's transaction. */
  StoredObject replace(long bucketId, String key, long sizeBytes, String etag,
      ObjectHeaders headers, ChunkWriter chunkWriter) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    versions.lockKey(bucketId, key);
    versions.delete(bucketId, key);
    long id = versions.insert(bucketId, key, sizeBytes, etag, headers, now);
    chunkWriter.write(id);
    return new StoredObject(id, key, sizeBytes, etag, now, headers);
  }
}
