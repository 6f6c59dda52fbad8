package org.peervault.agent.objects;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.ObjectCatalogGrpc;

/**
 * The repository's object catalog as the gateway calls it: the ObjectCatalog stub on the
 * repository client's mutual-TLS channel, a deadline on every call, and refusals turned into
 * {@link ObjectStoreException}s with S3's error codes. Thread-safe.
 */
public final class ObjectCatalogClient {
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(60);
  private static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of("peervault-error-code",
      Metadata.ASCII_STRING_MARSHALLER);
  /** The repository's error codes (S3's own, in kebab case) and the S3 codes they stand for. */
  private static final Map<String, String> S3_CODES = Map.ofEntries(
      Map.entry("no-such-bucket", "NoSuchBucket"), Map.entry("no-such-key", "NoSuchKey"),
      Map.entry("no-such-upload", "NoSuchUpload"), Map.entry("bucket-not-empty", "BucketNotEmpty"),
      Map.entry("bucket-already-owned-by-you", "BucketAlreadyOwnedByYou"),
      Map.entry("bucket-already-exists", "BucketAlreadyExists"),
      Map.entry("invalid-bucket-name", "InvalidBucketName"),
      Map.entry("invalid-argument", "InvalidArgument"),
      Map.entry("key-too-long-error", "KeyTooLongError"),
      Map.entry("metadata-too-large", "MetadataTooLarge"),
      Map.entry("entity-too-large", "EntityTooLarge"),
      Map.entry("entity-too-small", "EntityTooSmall"), Map.entry("invalid-part", "InvalidPart"),
      Map.entry("invalid-part-order", "InvalidPartOrder"),
      Map.entry("malformed-xml", "MalformedXML"), Map.entry("access-denied", "AccessDenied"),
      Map.entry("s3-gateway-not-allowed", "AccessDenied"),
      Map.entry("invalid-access-key-id", "InvalidAccessKeyId"),
      Map.entry("operation-aborted", "OperationAborted"),
      Map.entry("chunks-under-replicated", "ServiceUnavailable"));

  private final ObjectCatalogGrpc.ObjectCatalogBlockingStub stub;

  /** A client on {@code repository}'s channel. */
  public ObjectCatalogClient(RepositoryClient repository) {
    this.stub = repository.stub(ObjectCatalogGrpc::newBlockingStub);
  }

  /**
   * Runs one call on a stub with a fresh deadline.
   *
   * @param operation names the call in errors, e.g. "commit object"
   * @throws ObjectStoreException with the S3 code of the repository's refusal
   */
  public <T> T call(String operation,
      Function<ObjectCatalogGrpc.ObjectCatalogBlockingStub, T> call) {
    try {
      return call.apply(stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw translate(operation, e);
    }
  }

  /** The S3 error for a failed call. */
  static ObjectStoreException translate(String operation, StatusRuntimeException e) {
    Status status = e.getStatus();
    String code = e.getTrailers() == null ? null : e.getTrailers().get(ERROR_CODE);
    String s3 = code == null ? null : S3_CODES.get(code);
    if (s3 == null) {
      s3 = switch (status.getCode()) {
        case INVALID_ARGUMENT -> "InvalidArgument";
        case PERMISSION_DENIED, UNAUTHENTICATED -> "AccessDenied";
        case UNAVAILABLE, DEADLINE_EXCEEDED -> "ServiceUnavailable";
        case RESOURCE_EXHAUSTED -> "SlowDown";
        default -> "InternalError";
      };
    }
    String message = status.getDescription() == null ? status.getCode().name()
        : status.getDescription();
    return new ObjectStoreException(s3, operation + ": " + message, e);
  }
}
