package org.peervault.agent.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.peervault.agent.objects.ObjectStore;

/**
 * Maps a request's method, bucket, key and sub-resource (query) to the operation that serves it.
 * Sub-resources the gateway does not serve (ACLs, policies, tagging, ...) answer NotImplemented;
 * unknown query parameters (such as the SDKs' {@code x-id}) are ignored, as S3 does.
 */
final class S3Router {
  /** S3's limit on a key's length in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 1024;

  private static final Set<String> BUCKET_UNSUPPORTED = Set.of("acl", "policy", "policyStatus",
      "cors", "lifecycle", "tagging", "website", "logging", "notification", "replication",
      "encryption", "accelerate", "requestPayment", "object-lock", "ownershipControls",
      "publicAccessBlock", "analytics", "inventory", "metrics", "intelligent-tiering", "session",
      "metadataTable", "versioning");
  private static final Set<String> OBJECT_UNSUPPORTED = Set.of("acl", "tagging", "torrent",
      "retention", "legal-hold", "attributes", "restore", "select", "renameObject");

  private final BucketOperations buckets;
  private final ListingOperations listings;
  private final ObjectOperations objects;
  private final MultipartOperations multipart;
  private final MultiDelete multiDelete;

  S3Router(ObjectStore store, S3GatewayConfig config) {
    this.buckets = new BucketOperations(store, config);
    this.listings = new ListingOperations(store);
    this.objects = new ObjectOperations(store);
    this.multipart = new MultipartOperations(store);
    this.multiDelete = new MultiDelete(store);
  }

  void route(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    if (request.bucket() == null) {
      if (!request.method().equals("GET")) {
        throw methodNotAllowed(request);
      }
      buckets.listBuckets(exchange);
    } else if (request.key() == null) {
      routeBucket(exchange, request);
    } else {
      if (request.key().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
        throw S3Error.KEY_TOO_LONG.exception("the key is longer than " + MAX_KEY_BYTES
            + " bytes of UTF-8").with("MaxSizeAllowed", Integer.toString(MAX_KEY_BYTES));
      }
      routeObject(exchange, request);
    }
  }

  private void routeBucket(S3Exchange exchange, S3Request request) throws IOException {
    String method = request.method();
    if (method.equals("GET") && request.has("versioning")) {
      buckets.versioning(exchange);
      return;
    }
    unsupported(request, BUCKET_UNSUPPORTED);
    switch (method) {
      case "GET" -> {
        if (request.has("location")) {
          buckets.location(exchange);
        } else if (request.has("uploads")) {
          multipart.listUploads(exchange);
        } else if (request.has("versions")) {
          listings.listVersions(exchange);
        } else if ("2".equals(request.query().get("list-type"))) {
          listings.listV2(exchange);
        } else {
          listings.listV1(exchange);
        }
      }
      case "HEAD" -> buckets.headBucket(exchange);
      case "PUT" -> buckets.createBucket(exchange);
      case "DELETE" -> buckets.deleteBucket(exchange);
      case "POST" -> {
        if (!request.has("delete")) {
          throw S3Error.NOT_IMPLEMENTED.exception("POST on a bucket serves only ?delete "
              + "(DeleteObjects); browser form uploads are not supported");
        }
        multiDelete.delete(exchange);
      }
      default -> throw methodNotAllowed(request);
    }
  }

  private void routeObject(S3Exchange exchange, S3Request request) throws IOException {
    unsupported(request, OBJECT_UNSUPPORTED);
    switch (request.method()) {
      case "GET" -> {
        if (request.has("uploadId")) {
          multipart.listParts(exchange);
        } else {
          objects.get(exchange);
        }
      }
      case "HEAD" -> objects.get(exchange);
      case "PUT" -> {
        if (request.has("uploadId") || request.has("partNumber")) {
          multipart.uploadPart(exchange);
        } else if (request.header("x-amz-copy-source").isPresent()) {
          objects.copy(exchange);
        } else {
          objects.put(exchange);
        }
      }
      case "DELETE" -> {
        if (request.has("uploadId")) {
          multipart.abort(exchange);
        } else {
          objects.delete(exchange);
        }
      }
      case "POST" -> {
        if (request.has("uploads")) {
          multipart.create(exchange);
        } else if (request.has("uploadId")) {
          multipart.complete(exchange);
        } else {
          throw S3Error.NOT_IMPLEMENTED.exception("POST on an object serves only ?uploads and "
              + "?uploadId (multipart uploads)");
        }
      }
      default -> throw methodNotAllowed(request);
    }
  }

  private static void unsupported(S3Request request, Set<String> subresources) {
    for (String name : subresources) {
      if (request.has(name)) {
        throw S3Error.NOT_IMPLEMENTED.exception("the ?" + name + " sub-resource is not "
            + "supported by this gateway (see docs/s3-compatibility.md)");
      }
    }
  }

  private static S3Exception methodNotAllowed(S3Request request) {
    return S3Error.METHOD_NOT_ALLOWED.exception("The specified method " + request.method()
        + " is not allowed against this resource").with("Method", request.method())
        .with("ResourceType", request.bucket() == null ? "SERVICE"
            : request.key() == null ? "BUCKET" : "OBJECT");
  }
}
