package org.peervault.repository.objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Multipart uploads: start, record parts (each a chunk list checked like an object's), list,
 * complete (the named parts' chunks become one object version, in one transaction with ending
 * the upload) and abort.
 */
@ApplicationScoped
public class Uploads {
  private static final Logger LOG = Logger.getLogger(Uploads.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Most uploads one listing returns. */
  public static final int MAX_LIST = 1000;

  @Inject
  Buckets buckets;

  @Inject
  Objects objects;

  @Inject
  UploadStore store;

  @Inject
  ObjectVersionStore versions;

  @Inject
  ChunkRefs chunkRefs;

  /** An upload as callers see it. */
  public record Upload(String key, String uploadId, Instant initiatedAt) {}

  /** A part as callers see it. */
  public record Part(int partNumber, long sizeBytes, String etag, Instant lastModified) {}

  /** A part named by a complete request. */
  public record CompletedPart(int partNumber, String etag) {}

  /** What a part commit records. */
  public record NewPart(String bucket, String key, String uploadId, int partNumber,
      long sizeBytes, String etag, List<ChunkSlice> chunks) {}

  /** Starts an upload. */
  @Transactional
  public Upload create(ObjectPrincipal principal, String bucket, String key,
      ObjectHeaders headers) {
    BucketStore.Row b = buckets.require(principal, bucket, BucketStore.Lock.CONTENT);
    String k = ObjectNames.key(key);
    ObjectHeaders h = ObjectNames.headers(headers);
    byte[] id = new byte[24];
    RANDOM.nextBytes(id);
    String uploadId = HexFormat.of().formatHex(id);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    store.insert(uploadId, b.id(), k, h, principal.userId(), now);
    LOG.infof("s3: upload started organization=%d bucket=%s upload=%s",
        principal.organizationId(), b.name(), uploadId);
    return new Upload(k, uploadId, now);
  }

  /** Records a part whose chunks are stored; a part number uploaded again is replaced. */
  @Transactional
  public Part commitPart(ObjectPrincipal principal, NewPart p) {
    UploadStore.Row upload = require(principal, p.bucket(), p.key(), p.uploadId(), false);
    int number = ObjectNames.partNumber(p.partNumber());
    String etag = ObjectNames.etag(p.etag());
    chunkRefs.check(principal.organizationId(), "part " + number + " of upload "
        + ObjectErrors.quote(p.uploadId()), p.chunks(), ObjectNames.size(p.sizeBytes()));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    store.replacePart(upload.id(), number, p.sizeBytes(), etag, now, p.chunks());
    return new Part(number, p.sizeBytes(), etag, now);
  }

  /** The parts of an upload, by part number. */
  @Transactional
  public List<Part> parts(ObjectPrincipal principal, String bucket, String key, String uploadId) {
    UploadStore.Row upload = require(principal, bucket, key, uploadId, false);
    return store.parts(upload.id()).stream().map(Uploads::part).toList();
  }

  /** Joins the named parts into an object version and ends the upload. */
  @Transactional
  public StoredObject complete(ObjectPrincipal principal, String bucket, String key,
      String uploadId, List<CompletedPart> named) {
    UploadStore.Row upload = require(principal, bucket, key, uploadId, true);
    Map<Integer, UploadStore.PartRow> stored = new HashMap<>();
    store.parts(upload.id()).forEach(p -> stored.put(p.partNumber(), p));
    Joined joined = join(named, stored);
    BucketStore.Row b = buckets.require(principal, bucket, BucketStore.Lock.CONTENT);
    StoredObject done = objects.replace(b.id(), upload.key(), ObjectNames.size(joined.size()),
        ObjectNames.multipartEtag(joined.etags()), upload.headers(),
        id -> versions.insertPartChunks(id, upload.id(), joined.numbers()));
    store.delete(upload.id());
    LOG.infof("s3: upload completed organization=%d bucket=%s upload=%s version=%d parts=%d"
        + " bytes=%d", principal.organizationId(), b.name(), uploadId, done.version(),
        joined.numbers().size(), joined.size());
    return done;
  }

  /** The parts a complete request names, checked against the stored ones. */
  private record Joined(List<Integer> numbers, List<String> etags, long size) {}

  private static Joined join(List<CompletedPart> named, Map<Integer, UploadStore.PartRow> stored) {
    if (named.isEmpty() || named.size() > ObjectNames.MAX_PART_NUMBER) {
      throw ObjectErrors.invalid("malformed-xml", "complete names 1 to "
          + ObjectNames.MAX_PART_NUMBER + " parts, got " + named.size());
    }
    for (int i = 1; i < named.size(); i++) {
      if (named.get(i).partNumber() <= named.get(i - 1).partNumber()) {
        throw ObjectErrors.invalid("invalid-part-order", "parts must be named in ascending"
            + " order without repeats; part " + named.get(i).partNumber() + " follows part "
            + named.get(i - 1).partNumber());
      }
    }
    List<Integer> numbers = new ArrayList<>(named.size());
    List<String> etags = new ArrayList<>(named.size());
    long size = 0;
    for (int i = 0; i < named.size(); i++) {
      CompletedPart c = named.get(i);
      UploadStore.PartRow p = stored.get(c.partNumber());
      String etag = c.etag() == null ? "" : c.etag().replace("\"", "").toLowerCase(
          java.util.Locale.ROOT);
      if (p == null || !p.etag().equals(etag)) {
        throw ObjectErrors.invalid("invalid-part", "part " + c.partNumber() + " was not"
            + " uploaded or its ETag is not " + ObjectErrors.quote(c.etag()));
      }
      numbers.add(c.partNumber());
      etags.add(p.etag());
      size += p.sizeBytes();
    }
    for (int i = 0; i < numbers.size() - 1; i++) {
      long partBytes = stored.get(numbers.get(i)).sizeBytes();
      if (partBytes < ObjectNames.MIN_PART_BYTES) {
        throw ObjectErrors.invalid("entity-too-small", "part " + numbers.get(i) + " has "
            + partBytes + " bytes; every part but the last needs at least "
            + ObjectNames.MIN_PART_BYTES + " bytes (5 MiB)");
      }
    }
    return new Joined(numbers, etags, size);
  }

  /** Ends an upload and forgets its parts. */
  @Transactional
  public void abort(ObjectPrincipal principal, String bucket, String key, String uploadId) {
    UploadStore.Row upload = require(principal, bucket, key, uploadId, true);
    store.delete(upload.id());
    LOG.infof("s3: upload aborted organization=%d upload=%s", principal.organizationId(),
        uploadId);
  }

  /** Uploads in progress whose keys start with the prefix, by key then start time. */
  @Transactional
  public List<Upload> list(ObjectPrincipal principal, String bucket, String prefix) {
    BucketStore.Row b = buckets.require(principal, bucket, BucketStore.Lock.NONE);
    return store.list(b.id(), prefix == null ? "" : prefix, MAX_LIST).stream()
        .map(u -> new Upload(u.key(), u.uploadId(), u.createdAt())).toList();
  }

  private UploadStore.Row require(ObjectPrincipal principal, String bucket, String key,
      String uploadId, boolean exclusive) {
    BucketStore.Row b = buckets.require(principal, bucket, BucketStore.Lock.CONTENT);
    String id = uploadId == null ? "" : uploadId;
    return store.find(b.id(), key == null ? "" : key, id, exclusive)
        .orElseThrow(() -> ObjectErrors.noSuchUpload(id));
  }

  private static Part part(UploadStore.PartRow p) {
    return new Part(p.partNumber(), p.sizeBytes(), p.etag(), p.createdAt());
  }
}
