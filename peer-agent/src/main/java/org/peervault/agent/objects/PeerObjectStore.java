package org.peervault.agent.objects;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.agent.transfer.ChunkUploader;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.AbortUploadRequest;
import org.peervault.proto.v1.CommitObjectRequest;
import org.peervault.proto.v1.CommitPartRequest;
import org.peervault.proto.v1.CompleteUploadRequest;
import org.peervault.proto.v1.CopyObjectRequest;
import org.peervault.proto.v1.CreateBucketRequest;
import org.peervault.proto.v1.CreateUploadRequest;
import org.peervault.proto.v1.DeleteBucketRequest;
import org.peervault.proto.v1.DeleteObjectRequest;
import org.peervault.proto.v1.GetBucketRequest;
import org.peervault.proto.v1.HeadObjectRequest;
import org.peervault.proto.v1.ListBucketsRequest;
import org.peervault.proto.v1.ListObjectsRequest;
import org.peervault.proto.v1.ListPartsRequest;
import org.peervault.proto.v1.ListUploadsRequest;
import org.peervault.proto.v1.LocateObjectRequest;
import org.peervault.proto.v1.LocateObjectResponse;

/**
 * Buckets and objects on the peer pool: the repository's object catalog holds what each object is
 * made of, peers hold its sealed chunks. A put streams the body through {@link ObjectWriter}
 * (chunking, convergent keys, sealing, placement, uploads) and commits the chunk list only at a
 * clean end of the body; a get streams through {@link ObjectReader} (pages of locations, parallel
 * fetches with fallback); a copy shares chunks; a multipart upload stores each part as chunks and
 * completing it joins their lists. The repository checks every call against the access key it
 * acts for. Thread-safe; close it to stop its fetch threads.
 */
public final class PeerObjectStore implements ObjectStore, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PeerObjectStore.class.getName());

  private final ObjectCatalogClient catalog;
  private final ObjectWriter writer;
  private final ChunkFetcher fetcher;
  private final ObjectStoreSettings settings;
  private final ExecutorService fetches;
  private final AtomicLong nextReplica = new AtomicLong();

  /** A store acting through {@code repository} and {@code peers} (this device's identity). */
  public PeerObjectStore(RepositoryClient repository, PeerChannels peers,
      ObjectStoreSettings settings) {
    this.catalog = new ObjectCatalogClient(repository);
    this.writer = new ObjectWriter(repository, new ChunkUploader(repository, peers),
        settings.writes());
    this.fetcher = new ChunkFetcher(peers, new Sealer());
    this.settings = settings;
    AtomicLong threads = new AtomicLong();
    this.fetches = Executors.newFixedThreadPool(settings.fetchThreads(), r -> {
      Thread t = new Thread(r, "s3-fetch-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public List<Bucket> listBuckets(Principal principal) {
    return catalog.call("list buckets", s -> s.listBuckets(ListBucketsRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).build())).getBucketsList().stream()
        .map(ObjectMessages::bucket).toList();
  }

  @Override
  public Bucket createBucket(Principal principal, String bucket) {
    return ObjectMessages.bucket(catalog.call("create bucket", s -> s.createBucket(
        CreateBucketRequest.newBuilder().setAccessKeyId(principal.accessKeyId())
            .setBucket(bucket).build())).getBucket());
  }

  @Override
  public Optional<Bucket> bucket(Principal principal, String bucket) {
    try {
      return Optional.of(ObjectMessages.bucket(catalog.call("head bucket", s -> s.getBucket(
          GetBucketRequest.newBuilder().setAccessKeyId(principal.accessKeyId())
              .setBucket(bucket).build())).getBucket()));
    } catch (ObjectStoreException e) {
      if (e.code().equals("NoSuchBucket")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void deleteBucket(Principal principal, String bucket) {
    catalog.call("delete bucket", s -> s.deleteBucket(DeleteBucketRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).build()));
  }

  @Override
  public List<ObjectInfo> list(Principal principal, String bucket, String prefix,
      String startAfter, int limit) {
    return catalog.call("list objects", s -> s.listObjects(ListObjectsRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).setPrefix(prefix)
        .setStartAfter(startAfter).setLimit(Math.max(1, Math.min(limit, 1000))).build()))
        .getObjectsList().stream().limit(Math.max(0, limit)).map(ObjectMessages::info).toList();
  }

  @Override
  public ObjectInfo put(Principal principal, String bucket, String key, InputStream body,
      long lengthBytes, ObjectHeaders headers) {
    requireBucket(principal, bucket);
    ObjectWriter.Written w = writer.write(body, lengthBytes);
    ObjectInfo info = ObjectMessages.info(catalog.call("commit object", s -> s.commitObject(
        CommitObjectRequest.newBuilder().setAccessKeyId(principal.accessKeyId())
            .setBucket(bucket).setKey(key).setSizeBytes(w.sizeBytes()).setEtag(w.md5())
            .setHeaders(ObjectMessages.toProto(headers)).addAllChunks(w.chunks()).build()))
        .getObject());
    LOG.info(() -> "event=s3_put bucket=" + bucket + " bytes=" + w.sizeBytes() + " chunks="
        + w.chunks().size());
    return info;
  }

  @Override
  public ObjectInfo head(Principal principal, String bucket, String key) {
    return ObjectMessages.info(catalog.call("head object", s -> s.headObject(
        HeadObjectRequest.newBuilder().setAccessKeyId(principal.accessKeyId()).setBucket(bucket)
            .setKey(key).build())).getObject());
  }

  @Override
  public ObjectContent get(Principal principal, String bucket, String key, long offsetBytes,
      long lengthBytes) {
    LocateObjectRequest.Builder request = LocateObjectRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).setKey(key)
        .setMaxChunks(settings.locatePageChunks());
    LocateObjectResponse first = catalog.call("locate object", s -> s.locateObject(
        request.setOffsetBytes(offsetBytes).build()));
    long version = first.getObject().getVersion();
    ObjectReader.Pages pages = offset -> catalog.call("locate object", s -> s.locateObject(
        request.setVersion(version).setOffsetBytes(offset).build()));
    ObjectInfo info = ObjectMessages.info(first.getObject());
    long length = Math.max(0, Math.min(lengthBytes, info.sizeBytes() - offsetBytes));
    ObjectReader reader = new ObjectReader(pages, first, offsetBytes, length, fetcher, fetches,
        settings.readAheadChunks(), nextReplica);
    return new ObjectContent() {
      @Override
      public ObjectInfo info() {
        return info;
      }

      @Override
      public InputStream stream() {
        return reader;
      }

      @Override
      public void close() {
        reader.close();
      }
    };
  }

  @Override
  public void delete(Principal principal, String bucket, String key) {
    catalog.call("delete object", s -> s.deleteObject(DeleteObjectRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).setKey(key).build()));
  }

  @Override
  public ObjectInfo copy(Principal principal, String sourceBucket, String sourceKey,
      String bucket, String key, Optional<ObjectHeaders> headers) {
    CopyObjectRequest.Builder b = CopyObjectRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setSourceBucket(sourceBucket)
        .setSourceKey(sourceKey).setBucket(bucket).setKey(key);
    headers.ifPresent(h -> b.setReplaceHeaders(true).setHeaders(ObjectMessages.toProto(h)));
    return ObjectMessages.info(catalog.call("copy object", s -> s.copyObject(b.build()))
        .getObject());
  }

  @Override
  public String createUpload(Principal principal, String bucket, String key,
      ObjectHeaders headers) {
    return catalog.call("create upload", s -> s.createUpload(CreateUploadRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).setKey(key)
        .setHeaders(ObjectMessages.toProto(headers)).build())).getUploadId();
  }

  @Override
  public Part putPart(Principal principal, String bucket, String key, String uploadId,
      int partNumber, InputStream body, long lengthBytes) {
    if (partNumber < 1 || partNumber > 10_000) {
      throw new ObjectStoreException("InvalidArgument", "part number " + partNumber
          + " is not between 1 and 10000");
    }
    listParts(principal, bucket, key, uploadId);
    ObjectWriter.Written w = writer.write(body, lengthBytes);
    return ObjectMessages.part(catalog.call("commit part", s -> s.commitPart(
        CommitPartRequest.newBuilder().setAccessKeyId(principal.accessKeyId()).setBucket(bucket)
            .setKey(key).setUploadId(uploadId).setPartNumber(partNumber)
            .setSizeBytes(w.sizeBytes()).setEtag(w.md5()).addAllChunks(w.chunks()).build()))
        .getPart());
  }

  @Override
  public List<Part> listParts(Principal principal, String bucket, String key, String uploadId) {
    return catalog.call("list parts", s -> s.listParts(ListPartsRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).setKey(key)
        .setUploadId(uploadId).build())).getPartsList().stream().map(ObjectMessages::part)
        .toList();
  }

  @Override
  public ObjectInfo completeUpload(Principal principal, String bucket, String key,
      String uploadId, List<CompletedPart> parts) {
    CompleteUploadRequest.Builder b = CompleteUploadRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).setKey(key)
        .setUploadId(uploadId);
    parts.forEach(p -> b.addParts(org.peervault.proto.v1.CompletedPart.newBuilder()
        .setPartNumber(p.partNumber()).setEtag(p.etag())));
    return ObjectMessages.info(catalog.call("complete upload", s -> s.completeUpload(b.build()))
        .getObject());
  }

  @Override
  public void abortUpload(Principal principal, String bucket, String key, String uploadId) {
    catalog.call("abort upload", s -> s.abortUpload(AbortUploadRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).setKey(key)
        .setUploadId(uploadId).build()));
  }

  @Override
  public List<Upload> listUploads(Principal principal, String bucket, String prefix) {
    return catalog.call("list uploads", s -> s.listUploads(ListUploadsRequest.newBuilder()
        .setAccessKeyId(principal.accessKeyId()).setBucket(bucket).setPrefix(prefix).build()))
        .getUploadsList().stream().map(u -> new Upload(u.getKey(), u.getUploadId(),
            Instant.ofEpochMilli(u.getInitiatedAtMillis()))).toList();
  }

  private void requireBucket(Principal principal, String bucket) {
    if (bucket(principal, bucket).isEmpty()) {
      throw new ObjectStoreException("NoSuchBucket", "bucket \"" + bucket + "\" does not exist");
    }
  }

  @Override
  public void close() {
    fetches.shutdownNow();
  }
}
