package org.peervault.agent.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStoreException;
import org.peervault.agent.s3.sigv4.Authentication;
import org.peervault.agent.s3.sigv4.SigV4Verifier;

/**
 * The gateway's one Jetty handler: reads the request, checks its signature, routes it to an
 * operation and turns every failure into an S3 XML error whose RequestId is the x-amz-request-id
 * header. Blocking: Jetty runs it on its thread pool. Thread-safe.
 */
final class S3Handler extends Handler.Abstract {
  private static final Logger LOG = Logger.getLogger(S3Handler.class.getName());
  /** The longest rest of a refused body read before answering (longer ones are cut). */
  private static final long MAX_DRAIN_BYTES = 8L * 1024 * 1024;

  private final S3GatewayConfig config;
  private final Clock clock;
  private final SigV4Verifier verifier;
  private final S3Router router;
  private final SecureRandom random = new SecureRandom();

  S3Handler(ObjectStore store, SigningKeys keys, Clock clock, S3GatewayConfig config) {
    super(InvocationType.BLOCKING);
    this.config = config;
    this.clock = clock;
    this.verifier = new SigV4Verifier(keys, config.region());
    this.router = new S3Router(store, config);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = newRequestId();
    response.getHeaders().put("x-amz-request-id", requestId);
    response.getHeaders().put("x-amz-id-2", hostId(requestId));
    response.getHeaders().put("Server", "PeerVault");
    S3Request s3 = null;
    S3Exchange exchange = null;
    try {
      s3 = S3Request.of(request, requestId, config.baseDomains());
      Authentication auth = verifier.verify(s3.signed(), clock.instant());
      exchange = new S3Exchange(s3, auth, request, response);
      router.route(exchange);
      LOG.fine(() -> "s3 request=" + requestId + " " + request.getMethod() + " status="
          + response.getStatus());
      callback.succeeded();
    } catch (Throwable failure) {
      RuntimeException error = failure instanceof RuntimeException runtime ? runtime
          : new IllegalStateException(failure);
      if (exchange != null) {
        error = exchange.bodyFailureOr(error);
      }
      answerError(request, response, callback, s3, requestId, error, failure);
    }
    return true;
  }

  private void answerError(Request request, Response response, Callback callback, S3Request s3,
      String requestId, RuntimeException error, Throwable original) {
    S3Exception s3Error = toS3(error, original, requestId);
    String resource = s3 != null ? s3.resource() : request.getHttpURI().getPath();
    LOG.fine(() -> "s3 request=" + requestId + " " + request.getMethod() + " error="
        + s3Error.error().code() + " resource=" + resource + " message=" + s3Error.getMessage());
    if (response.isCommitted()) {
      // The status is gone: the client sees a cut connection and no complete body.
      callback.failed(original);
      return;
    }
    drainShortBody(request);
    try {
      writeError(request, response, s3Error, resource, requestId);
      callback.succeeded();
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
    }
  }

  /**
   * Reads what is left of a short body refused before its end, so that the client, still
   * sending, reads the error instead of a reset connection. A client that waits for "100
   * Continue" has sent nothing and is not asked to; a long body is cut by closing instead.
   */
  private static void drainShortBody(Request request) {
    long length = request.getLength();
    if (request.getHeaders().contains(HttpHeader.EXPECT) || length <= 0
        || length > MAX_DRAIN_BYTES) {
      return;
    }
    try {
      Request.asInputStream(request).transferTo(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      // The connection is closed after the answer anyway.
    }
  }

  private static S3Exception toS3(RuntimeException error, Throwable original, String requestId) {
    if (error instanceof S3Exception s3) {
      return s3;
    }
    if (error instanceof ObjectStoreException store) {
      S3Error mapped = S3Error.byCode(store.code()).orElse(null);
      if (mapped != null && mapped != S3Error.INTERNAL_ERROR) {
        return new S3Exception(mapped, store.getMessage());
      }
    }
    if (error instanceof IllegalStateException && original instanceof IOException io) {
      // The client cut its body short or went away.
      return new S3Exception(S3Error.INCOMPLETE_BODY, "the request body could not be read: "
          + io.getMessage());
    }
    LOG.log(Level.SEVERE, "s3 request=" + requestId + " failed with an internal error", error);
    return S3Error.INTERNAL_ERROR.exception();
  }

  private static void writeError(Request request, Response response, S3Exception error,
      String resource, String requestId) throws IOException {
    response.setStatus(error.error().status());
    if (error.error() != S3Error.NOT_MODIFIED) {
      response.getHeaders().remove("ETag");
      response.getHeaders().remove("Last-Modified");
    }
    boolean noBody = "HEAD".equals(request.getMethod()) || error.error().status() == 304;
    if (noBody) {
      response.getHeaders().put("Content-Length", "0");
      Content.Sink.asOutputStream(response).close();
      return;
    }
    XmlWriter xml = XmlWriter.plainDocument("Error")
        .element("Code", error.error().code())
        .element("Message", error.getMessage() == null ? error.error().defaultMessage()
            : error.getMessage());
    for (Map.Entry<String, String> detail : error.orderedDetails()) {
      xml.element(detail.getKey(), detail.getValue());
    }
    byte[] bytes = xml.element("Resource", resource)
        .element("RequestId", requestId)
        .element("HostId", hostId(requestId))
        .toBytes();
    response.getHeaders().put("Content-Type", "application/xml");
    response.getHeaders().put("Content-Length", Long.toString(bytes.length));
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      out.write(bytes);
    }
  }

  private String newRequestId() {
    byte[] id = new byte[8];
    random.nextBytes(id);
    return HexFormat.of().withUpperCase().formatHex(id);
  }

  private static String hostId(String requestId) {
    return Base64.getEncoder().encodeToString(("peervault/" + requestId).getBytes(
        java.nio.charset.StandardCharsets.US_ASCII));
  }
}
