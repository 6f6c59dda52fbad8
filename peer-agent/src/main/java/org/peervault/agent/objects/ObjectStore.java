package org.peervault.agent.objects;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Buckets and objects of one principal's organization. Implementations are thread-safe.
 *
 * <p>Contract (checked for every implementation by {@code ObjectStoreContract} in the tests):
 * <ul>
 *   <li>a put or upload commits only when its body stream reaches end of stream with exactly the
 *       declared length (when one is declared) and without an exception; any failure leaves no
 *       object, no part and no partial bytes visible (a body stream that verifies a checksum
 *       throws at end of stream to refuse the body);</li>
 *   <li>a put over an existing key replaces it atomically: readers see the old or the new object,
 *       never a mix;</li>
 *   <li>listings are in ascending order of the keys' UTF-8 bytes;</li>
 *   <li>errors are the {@link ObjectStoreException} subtypes' codes, never a bare I/O error.</li>
 * </ul>
 */
public interface ObjectStore {

  /** The principal's buckets, by name. */
  List<Bucket> listBuckets(Principal principal);

  /**
   * Creates a bucket.
   *
   * @throws ObjectStoreException with code BucketAlreadyOwnedByYou, BucketAlreadyExists or
   *     InvalidBucketName
   */
  Bucket createBucket(Principal principal, String bucket);

  /** The bucket, or empty when it does not exist for the principal's organization. */
  Optional<Bucket> bucket(Principal principal, String bucket);

  /**
   * Deletes an empty bucket.
   *
   * @throws ObjectStoreException with code NoSuchBucket or BucketNotEmpty (also when uploads are
   *     in progress in it)
   */
  void deleteBucket(Principal principal, String bucket);

  /**
   * Up to {@code limit} objects whose keys start with {@code prefix} and sort after
   * {@code startAfter} (exclusive; "" for the beginning), in key order. Delimiters and
   * continuation tokens are the protocol's business.
   *
   * @throws ObjectStoreException with code NoSuchBucket
   */
  List<ObjectInfo> list(Principal principal, String bucket, String prefix, String startAfter,
      int limit);

  /**
   * Stores an object from {@code body}; {@code lengthBytes} is -1 when unknown.
   *
   * @throws ObjectStoreException with code NoSuchBucket, IncompleteBody, EntityTooLarge
   */
  ObjectInfo put(Principal principal, String bucket, String key, InputStream body,
      long lengthBytes, ObjectHeaders headers);

  /**
   * The object's description.
   *
   * @throws ObjectStoreException with code NoSuchBucket or NoSuchKey
   */
  ObjectInfo head(Principal principal, String bucket, String key);

  /**
   * Opens {@code lengthBytes} bytes of the object from {@code offsetBytes} (a range the caller
   * already checked against the object's size). The stream yields the bytes in order, holds a
   * bounded amount in memory whatever the object's size, and may read ahead from several peers.
   *
   * @throws ObjectStoreException with code NoSuchBucket or NoSuchKey
   */
  ObjectContent get(Principal principal, String bucket, String key, long offsetBytes,
      long lengthBytes);

  /**
   * Deletes an object; deleting a missing key is not an error.
   *
   * @throws ObjectStoreException with code NoSuchBucket
   */
  void delete(Principal principal, String bucket, String key);

  /**
   * Copies an object, sharing its stored chunks; {@code headers} replaces the source's content
   * headers and metadata when present, else they are copied.
   *
   * @throws ObjectStoreException with code NoSuchBucket or NoSuchKey
   */
  ObjectInfo copy(Principal principal, String sourceBucket, String sourceKey, String bucket,
      String key, Optional<ObjectHeaders> headers);

  /**
   * Starts a multipart upload and returns its id.
   *
   * @throws ObjectStoreException with code NoSuchBucket
   */
  String createUpload(Principal principal, String bucket, String key, ObjectHeaders headers);

  /**
   * Stores a part (1..10000); a part uploaded again replaces the earlier one.
   *
   * @throws ObjectStoreException with code NoSuchUpload, InvalidArgument, IncompleteBody
   */
  Part putPart(Principal principal, String bucket, String key, String uploadId, int partNumber,
      InputStream body, long lengthBytes);

  /**
   * The parts uploaded so far, by part number.
   *
   * @throws ObjectStoreException with code NoSuchUpload
   */
  List<Part> listParts(Principal principal, String bucket, String key, String uploadId);

  /**
   * Joins the named parts, in ascending part order, into the object.
   *
   * @throws ObjectStoreException with code NoSuchUpload, InvalidPart, InvalidPartOrder or
   *     EntityTooSmall (a part other than the last below 5 MiB)
   */
  ObjectInfo completeUpload(Principal principal, String bucket, String key, String uploadId,
      List<CompletedPart> parts);

  /**
   * Aborts an upload and frees its parts.
   *
   * @throws ObjectStoreException with code NoSuchUpload
   */
  void abortUpload(Principal principal, String bucket, String key, String uploadId);

  /**
   * Uploads in progress whose keys start with {@code prefix}, by key then start time.
   *
   * @throws ObjectStoreException with code NoSuchBucket
   */
  List<Upload> listUploads(Principal principal, String bucket, String prefix);

  /** Who is calling: the access key's owner in its organization. */
  record Principal(long organizationId, long userId, String accessKeyId) {}

  /** A bucket. */
  record Bucket(String name, Instant createdAt) {}

  /**
   * Content headers and user metadata stored with an object.
   *
   * @param contentType e.g. "application/octet-stream"
   * @param contentHeaders Content-Encoding, Content-Disposition, Content-Language,
   *     Cache-Control, Expires, by their canonical names, when the client sent them
   * @param userMetadata x-amz-meta-* entries, names lower-case without the prefix
   */
  record ObjectHeaders(String contentType, Map<String, String> contentHeaders,
      Map<String, String> userMetadata) {

    public ObjectHeaders {
      contentHeaders = Map.copyOf(contentHeaders);
      userMetadata = Map.copyOf(userMetadata);
    }
  }

  /** An object's description. */
  record ObjectInfo(String key, long sizeBytes, String etag, Instant lastModified,
      ObjectHeaders headers) {}

  /** An open object read: the description and the requested bytes. Close it when done. */
  interface ObjectContent extends AutoCloseable {
    ObjectInfo info();

    InputStream stream();

    @Override
    void close();
  }

  /** A stored part of an upload. */
  record Part(int partNumber, long sizeBytes, String etag, Instant lastModified) {}

  /** A part named by a CompleteMultipartUpload request. */
  record CompletedPart(int partNumber, String etag) {}

  /** An upload in progress. */
  record Upload(String key, String uploadId, Instant initiatedAt) {}
}
