package org.peervault.agent.objects;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An {@link ObjectStore} in memory, for tests of the protocol above it: every object's bytes
 * live in the heap, so it suits small objects only. Bucket names are global, as in S3: a name
 * another organization holds is BucketAlreadyExists. Thread-safe (one lock).
 */
public final class MemObjectStore implements ObjectStore {
  /** S3's smallest part but the last. */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final Clock clock;
  private final Map<String, BucketData> buckets = new TreeMap<>();
  private final Map<String, UploadData> uploads = new HashMap<>();

  public MemObjectStore(Clock clock) {
    this.clock = clock;
  }

  private record BucketData(long organizationId, Bucket bucket,
      TreeMap<String, StoredObject> objects) {}

  private record StoredObject(ObjectInfo info, byte[] bytes) {}

  private record UploadData(long organizationId, String bucket, Upload upload,
      ObjectHeaders headers, TreeMap<Integer, StoredPart> parts) {}

  private record StoredPart(Part part, byte[] bytes) {}

  @Override
  public synchronized List<Bucket> listBuckets(Principal principal) {
    return buckets.values().stream()
        .filter(b -> b.organizationId() == principal.organizationId())
        .map(BucketData::bucket)
        .toList();
  }

  @Override
  public synchronized Bucket createBucket(Principal principal, String bucket) {
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ObjectStoreException("InvalidBucketName", "bucket name " + bucket
          + " breaks S3's naming rules");
    }
    BucketData existing = buckets.get(bucket);
    if (existing != null) {
      throw existing.organizationId() == principal.organizationId()
          ? new ObjectStoreException("BucketAlreadyOwnedByYou", "bucket " + bucket
              + " exists and is yours")
          : new ObjectStoreException("BucketAlreadyExists", "bucket name " + bucket
              + " is taken: choose another");
    }
    Bucket created = new Bucket(bucket, clock.instant());
    buckets.put(bucket, new BucketData(principal.organizationId(), created,
        new TreeMap<>(UTF8_ORDER)));
    return created;
  }

  @Override
  public synchronized Optional<Bucket> bucket(Principal principal, String bucket) {
    return Optional.ofNullable(buckets.get(bucket))
        .filter(b -> b.organizationId() == principal.organizationId())
        .map(BucketData::bucket);
  }

  @Override
  public synchronized void deleteBucket(Principal principal, String bucket) {
    BucketData data = require(principal, bucket);
    boolean uploading = uploads.values().stream().anyMatch(u -> u.bucket().equals(bucket));
    if (!data.objects().isEmpty() || uploading) {
      throw new ObjectStoreException("BucketNotEmpty", "bucket " + bucket
          + " still holds objects or uploads: delete them first");
    }
    buckets.remove(bucket);
  }

  @Override
  public synchronized List<ObjectInfo> list(Principal principal, String bucket, String prefix,
      String startAfter, int limit) {
    BucketData data = require(principal, bucket);
    List<ObjectInfo> found = new ArrayList<>();
    for (StoredObject object : data.objects().tailMap(startAfter, false).values()) {
      if (found.size() >= limit) {
        break;
      }
      if (object.info().key().startsWith(prefix)) {
        found.add(object.info());
      }
    }
    return found;
  }

  @Override
  public ObjectInfo put(Principal principal, String bucket, String key, InputStream body,
      long lengthBytes, ObjectHeaders headers) {
    synchronized (this) {
      require(principal, bucket);
    }
    byte[] bytes = readAll(body, lengthBytes, bucket + "/" + key);
    ObjectInfo info = new ObjectInfo(key, bytes.length, hex(md5(bytes)), clock.instant(),
        headers);
    synchronized (this) {
      require(principal, bucket).objects().put(key, new StoredObject(info, bytes));
    }
    return info;
  }

  @Override
  public synchronized ObjectInfo head(Principal principal, String bucket, String key) {
    return object(principal, bucket, key).info();
  }

  @Override
  public synchronized ObjectContent get(Principal principal, String bucket, String key,
      long offsetBytes, long lengthBytes) {
    StoredObject object = object(principal, bucket, key);
    InputStream stream = new ByteArrayInputStream(object.bytes(), (int) offsetBytes,
        (int) lengthBytes);
    return new ObjectContent() {
      @Override
      public ObjectInfo info() {
        return object.info();
      }

      @Override
      public InputStream stream() {
        return stream;
      }

      @Override
      public void close() {
        // nothing held
      }
    };
  }

  @Override
  public synchronized void delete(Principal principal, String bucket, String key) {
    require(principal, bucket).objects().remove(key);
  }

  @Override
  public synchronized ObjectInfo copy(Principal principal, String sourceBucket,
      String sourceKey, String bucket, String key, Optional<ObjectHeaders> headers) {
    StoredObject source = object(principal, sourceBucket, sourceKey);
    BucketData target = require(principal, bucket);
    ObjectInfo info = new ObjectInfo(key, source.info().sizeBytes(), source.info().etag(),
        clock.instant(), headers.orElse(source.info().headers()));
    target.objects().put(key, new StoredObject(info, source.bytes()));
    return info;
  }

  @Override
  public synchronized String createUpload(Principal principal, String bucket, String key,
      ObjectHeaders headers) {
    require(principal, bucket);
    String id = UUID.randomUUID().toString().replace("-", "");
    uploads.put(id, new UploadData(principal.organizationId(), bucket,
        new Upload(key, id, clock.instant()), headers, new TreeMap<>()));
    return id;
  }

  @Override
  public Part putPart(Principal principal, String bucket, String key, String uploadId,
      int partNumber, InputStream body, long lengthBytes) {
    synchronized (this) {
      upload(principal, bucket, key, uploadId);
    }
    if (partNumber < 1 || partNumber > 10_000) {
      throw new ObjectStoreException("InvalidArgument", "part number " + partNumber
          + " is not 1..10000");
    }
    byte[] bytes = readAll(body, lengthBytes, bucket + "/" + key + " part " + partNumber);
    Part part = new Part(partNumber, bytes.length, hex(md5(bytes)), clock.instant());
    synchronized (this) {
      upload(principal, bucket, key, uploadId).parts().put(partNumber,
          new StoredPart(part, bytes));
    }
    return part;
  }

  @Override
  public synchronized List<Part> listParts(Principal principal, String bucket, String key,
      String uploadId) {
    return upload(principal, bucket, key, uploadId).parts().values().stream()
        .map(StoredPart::part).toList();
  }

  @Override
  public synchronized ObjectInfo completeUpload(Principal principal, String bucket, String key,
      String uploadId, List<CompletedPart> parts) {
    UploadData upload = upload(principal, bucket, key, uploadId);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    ByteArrayOutputStream md5s = new ByteArrayOutputStream();
    int previous = 0;
    for (int i = 0; i < parts.size(); i++) {
      CompletedPart wanted = parts.get(i);
      if (wanted.partNumber() <= previous) {
        throw new ObjectStoreException("InvalidPartOrder", "part " + wanted.partNumber()
            + " follows part " + previous);
      }
      previous = wanted.partNumber();
      StoredPart stored = upload.parts().get(wanted.partNumber());
      if (stored == null || !stored.part().etag().equals(wanted.etag())) {
        throw new ObjectStoreException("InvalidPart", "part " + wanted.partNumber()
            + " with ETag " + wanted.etag() + " was not uploaded");
      }
      if (i < parts.size() - 1 && stored.bytes().length < MIN_PART_BYTES) {
        throw new ObjectStoreException("EntityTooSmall", "part " + wanted.partNumber()
            + " has " + stored.bytes().length + " bytes; every part but the last needs "
            + MIN_PART_BYTES);
      }
      joined.writeBytes(stored.bytes());
      md5s.writeBytes(md5(stored.bytes()));
    }
    byte[] bytes = joined.toByteArray();
    ObjectInfo info = new ObjectInfo(key, bytes.length,
        hex(md5(md5s.toByteArray())) + "-" + parts.size(), clock.instant(), upload.headers());
    require(principal, bucket).objects().put(key, new StoredObject(info, bytes));
    uploads.remove(uploadId);
    return info;
  }

  @Override
  public synchronized void abortUpload(Principal principal, String bucket, String key,
      String uploadId) {
    upload(principal, bucket, key, uploadId);
    uploads.remove(uploadId);
  }

  @Override
  public synchronized List<Upload> listUploads(Principal principal, String bucket,
      String prefix) {
    require(principal, bucket);
    return uploads.values().stream()
        .filter(u -> u.bucket().equals(bucket) && u.upload().key().startsWith(prefix))
        .map(UploadData::upload)
        .sorted(Comparator.comparing(Upload::key, UTF8_ORDER)
            .thenComparing(Upload::initiatedAt))
        .toList();
  }

  /** How many objects the organization's bucket holds (for tests that check nothing stayed). */
  public synchronized int objectCount(String bucket) {
    BucketData data = buckets.get(bucket);
    return data == null ? 0 : data.objects().size();
  }

  /** How many uploads are in progress in all buckets. */
  public synchronized int uploadCount() {
    return uploads.size();
  }

  private BucketData require(Principal principal, String bucket) {
    BucketData data = buckets.get(bucket);
    if (data == null || data.organizationId() != principal.organizationId()) {
      throw new ObjectStoreException("NoSuchBucket", "bucket " + bucket + " does not exist");
    }
    return data;
  }

  private StoredObject object(Principal principal, String bucket, String key) {
    StoredObject object = require(principal, bucket).objects().get(key);
    if (object == null) {
      throw new ObjectStoreException("NoSuchKey", "no object " + key + " in bucket " + bucket);
    }
    return object;
  }

  private UploadData upload(Principal principal, String bucket, String key, String uploadId) {
    require(principal, bucket);
    UploadData upload = uploads.get(uploadId);
    if (upload == null || upload.organizationId() != principal.organizationId()
        || !upload.bucket().equals(bucket) || !upload.upload().key().equals(key)) {
      throw new ObjectStoreException("NoSuchUpload", "no upload " + uploadId + " of " + bucket
          + "/" + key);
    }
    return upload;
  }

  private static byte[] readAll(InputStream body, long lengthBytes, String what) {
    byte[] bytes;
    try {
      bytes = body.readAllBytes();
    } catch (IOException e) {
      throw new ObjectStoreException("IncompleteBody", "reading the body of " + what
          + " failed: " + e.getMessage(), e);
    }
    if (lengthBytes >= 0 && bytes.length != lengthBytes) {
      throw new ObjectStoreException("IncompleteBody", "the body of " + what + " has "
          + bytes.length + " bytes, not the declared " + lengthBytes);
    }
    return bytes;
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** The time the store stamps now (for tests comparing with Last-Modified). */
  public Instant now() {
    return clock.instant();
  }
}
