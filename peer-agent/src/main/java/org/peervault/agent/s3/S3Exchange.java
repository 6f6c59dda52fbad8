package org.peervault.agent.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.peervault.agent.objects.ObjectStore.Principal;
import org.peervault.agent.s3.sigv4.Authentication;
import org.peervault.agent.s3.sigv4.RequestBody;

/**
 * One authenticated request and its response: what the operations read and how they answer.
 * Bodies stream both ways; nothing buffers a whole object. Not thread-safe.
 */
final class S3Exchange {
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final S3Request request;
  private final Authentication auth;
  private final Request jettyRequest;
  private final Response response;
  private RequestBody body;

  S3Exchange(S3Request request, Authentication auth, Request jettyRequest, Response response) {
    this.request = request;
    this.auth = auth;
    this.jettyRequest = jettyRequest;
    this.response = response;
  }

  S3Request request() {
    return request;
  }

  Principal principal() {
    return auth.principal();
  }

  /**
   * The request body, decoded and checked as it streams (see {@link RequestBody}); reading it
   * sends "100 Continue" to a client that waits for one.
   */
  RequestBody body() {
    if (body == null) {
      body = RequestBody.of(Request.asInputStream(jettyRequest), auth, request.signed());
    }
    return body;
  }

  /** The body's failure if it was refused, else the store's or I/O error as it was. */
  RuntimeException bodyFailureOr(RuntimeException other) {
    if (body != null && body.failure().isPresent()) {
      return body.failure().get();
    }
    return other;
  }

  void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  /** Answers with an XML document. */
  void sendXml(int status, XmlWriter xml) throws IOException {
    byte[] bytes = xml.toBytes();
    response.setStatus(status);
    header("Content-Type", "application/xml");
    response.getHeaders().put("Content-Length", Long.toString(bytes.length));
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      out.write(bytes);
    }
  }

  /** Answers with no body. */
  void sendEmpty(int status) throws IOException {
    response.setStatus(status);
    response.getHeaders().put("Content-Length", "0");
    Content.Sink.asOutputStream(response).close();
  }

  /**
   * Answers with {@code lengthBytes} bytes from a stream (none for HEAD, which still announces
   * the length); the response headers must be set before.
   */
  void sendStream(int status, InputStream content, long lengthBytes) throws IOException {
    response.setStatus(status);
    response.getHeaders().put("Content-Length", Long.toString(lengthBytes));
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      if (!"HEAD".equals(request.method())) {
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        long remaining = lengthBytes;
        while (remaining > 0) {
          int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
          if (n < 0) {
            throw new IOException("the object's stream ended " + remaining
                + " bytes early");
          }
          out.write(buffer, 0, n);
          remaining -= n;
        }
      }
    }
  }
}
