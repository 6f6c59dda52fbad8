package org.peervault.agent.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStore.ObjectContent;
import org.peervault.agent.objects.ObjectStore.ObjectHeaders;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;
import org.peervault.agent.objects.ObjectStoreException;
import org.peervault.agent.s3.sigv4.RequestBody;

/** PutObject, GetObject, HeadObject, DeleteObject, CopyObject. */
final class ObjectOperations {
  /** S3's largest single PUT. */
  static final long MAX_PUT_BYTES = 5L * 1024 * 1024 * 1024;

  private final ObjectStore store;

  ObjectOperations(ObjectStore store) {
    this.store = store;
  }

  void put(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    ObjectHeaders headers = ContentHeaders.fromRequest(request);
    BucketOperations.requireBucket(store, exchange);
    RequestBody body = checkedBody(exchange, MAX_PUT_BYTES);
    if (request.header("If-None-Match").filter(v -> v.strip().equals("*")).isPresent()
        && exists(exchange)) {
      throw S3Error.PRECONDITION_FAILED.exception("the key exists and the PUT said "
          + "If-None-Match: *").with("Condition", "If-None-Match");
    }
    ObjectInfo info = store.put(exchange.principal(), request.bucket(), request.key(),
        body.stream(), body.lengthBytes(), headers);
    exchange.header("ETag", ContentHeaders.quote(info.etag()));
    exchange.sendEmpty(200);
  }

  /** GetObject, and HeadObject (the same answer without the bytes). */
  void get(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    if (request.has("partNumber")) {
      throw S3Error.NOT_IMPLEMENTED.exception("reading an object by partNumber is not "
          + "supported; use a Range");
    }
    requireNullVersion(request);
    ObjectInfo info = store.head(exchange.principal(), request.bucket(), request.key());
    exchange.header("ETag", ContentHeaders.quote(info.etag()));
    exchange.header("Last-Modified", ContentHeaders.httpDate(info.lastModified()));
    Preconditions.checkRead(request, info);
    Optional<ByteRange> range;
    try {
      range = ByteRange.parse(request.header("Range"), info.sizeBytes());
    } catch (S3Exception e) {
      exchange.header("Content-Range", "bytes */" + info.sizeBytes());
      throw e;
    }
    ContentHeaders.answer(exchange, info);
    long offset = range.map(ByteRange::offsetBytes).orElse(0L);
    long length = range.map(ByteRange::lengthBytes).orElse(info.sizeBytes());
    range.ifPresent(r -> exchange.header("Content-Range", r.contentRange()));
    int status = range.isPresent() ? 206 : 200;
    if (request.method().equals("HEAD") || length == 0) {
      exchange.sendStream(status, InputStream.nullInputStream(), length);
      return;
    }
    try (ObjectContent content = store.get(exchange.principal(), request.bucket(),
        request.key(), offset, length)) {
      exchange.sendStream(status, content.stream(), length);
    }
  }

  void delete(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    requireNullVersion(request);
    store.delete(exchange.principal(), request.bucket(), request.key());
    exchange.sendEmpty(204);
  }

  void copy(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    CopySource source = CopySource.of(request);
    String directive = request.header("x-amz-metadata-directive").orElse("COPY").strip();
    if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
      throw S3Error.INVALID_ARGUMENT.exception("Unknown metadata directive \"" + directive
          + "\": use COPY or REPLACE").with("ArgumentName", "x-amz-metadata-directive");
    }
    Optional<ObjectHeaders> headers = directive.equals("REPLACE")
        ? Optional.of(ContentHeaders.fromRequest(request)) : Optional.empty();
    BucketOperations.requireBucket(store, exchange);
    ObjectInfo sourceInfo = store.head(exchange.principal(), source.bucket(), source.key());
    Preconditions.checkCopySource(request, sourceInfo);
    if (source.bucket().equals(request.bucket()) && source.key().equals(request.key())
        && headers.isEmpty()) {
      throw S3Error.INVALID_REQUEST.exception("This copy request is illegal because it is "
          + "trying to copy an object to itself without changing the object's metadata: "
          + "send x-amz-metadata-directive: REPLACE");
    }
    ObjectInfo info = store.copy(exchange.principal(), source.bucket(), source.key(),
        request.bucket(), request.key(), headers);
    exchange.sendXml(200, XmlWriter.document("CopyObjectResult")
        .element("LastModified", info.lastModified())
        .element("ETag", ContentHeaders.quote(info.etag())));
  }

  /** The request's body with its length known and within {@code maxBytes}. */
  static RequestBody checkedBody(S3Exchange exchange, long maxBytes) {
    RequestBody body = exchange.body();
    if (body.lengthBytes() < 0) {
      throw S3Error.MISSING_CONTENT_LENGTH.exception();
    }
    if (body.lengthBytes() > maxBytes) {
      throw S3Error.ENTITY_TOO_LARGE.exception("the body of " + body.lengthBytes()
          + " bytes is larger than the limit of " + maxBytes + " bytes: use a multipart upload")
          .with("ProposedSize", Long.toString(body.lengthBytes()))
          .with("MaxSizeAllowed", Long.toString(maxBytes));
    }
    return body;
  }

  /** Unversioned buckets know only the version "null". */
  static void requireNullVersion(S3Request request) {
    Optional<String> version = request.param("versionId");
    if (version.isPresent() && !version.get().equals("null")) {
      throw S3Error.INVALID_ARGUMENT.exception("Invalid version id specified: buckets here "
          + "are unversioned, their objects' version id is \"null\"")
          .with("ArgumentName", "versionId").with("ArgumentValue", version.get());
    }
  }

  private boolean exists(S3Exchange exchange) {
    S3Request request = exchange.request();
    try {
      store.head(exchange.principal(), request.bucket(), request.key());
      return true;
    } catch (ObjectStoreException e) {
      if (e.code().equals(S3Error.NO_SUCH_KEY.code())) {
        return false;
      }
      throw e;
    }
  }
}
