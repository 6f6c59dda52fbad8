package org.peervault.agent.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hand-made S3 requests over a plain socket, signed by the AWS SDK's own SigV4 signer: lets a
 * test send what no SDK operation sends (every payload mode, a tampered chunk, a cut body, an
 * invalid bucket name) and read the raw answer.
 */
final class RawS3 {
  private final int port;
  private final String accessKey;
  private final String secret;

  RawS3(int port, String accessKey, String secret) {
    this.port = port;
    this.accessKey = accessKey;
    this.secret = secret;
  }

  /** How the signer protects the body. */
  enum Mode { SIGNED, UNSIGNED, STREAMING_SIGNED, STREAMING_SIGNED_TRAILER,
    STREAMING_UNSIGNED_TRAILER }

  /** Headers to send (with Authorization) and the body as it goes on the wire. */
  record Signed(Map<String, String> headers, byte[] wireBody) {}

  /** A raw answer. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The text of the first element of that name in the XML body. */
    String element(String name) {
      Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL)
          .matcher(text());
      return m.find() ? m.group(1) : null;
    }
  }

  /**
   * Signs a request with the SDK's signer at a clock's time.
   *
   * @param checksum a trailer (streaming trailer modes) or header checksum, or null
   */
  Signed sign(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
      Mode mode, ChecksumAlgorithm checksum, Clock clock) {
    return sign(method, pathAndQuery, headers, body, mode, checksum, clock, true);
  }

  /** Signs as {@link #sign}, with or without a signed Content-Length. */
  Signed sign(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
      Mode mode, ChecksumAlgorithm checksum, Clock clock, boolean withLength) {
    boolean chunked = mode != Mode.SIGNED && mode != Mode.UNSIGNED;
    boolean unsigned = mode == Mode.UNSIGNED || mode == Mode.STREAMING_UNSIGNED_TRAILER;
    // The SDK's signer signs every payload sent over plain http; the scheme is not signed, so an
    // https URI gets the unsigned modes while the request still goes over the test's socket.
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(method))
        .uri(URI.create((unsigned ? "https" : "http") + "://127.0.0.1:" + port + pathAndQuery));
    headers.forEach(request::putHeader);
    if (withLength) {
      request.putHeader("Content-Length", Integer.toString(body.length));
    }
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsCredentialsIdentity.create(accessKey, secret))
          .request(request.build())
          .payload(ContentStreamProvider.fromByteArray(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
          .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED,
              mode == Mode.SIGNED || mode == Mode.STREAMING_SIGNED
                  || mode == Mode.STREAMING_SIGNED_TRAILER)
          .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked)
          .putProperty(HttpSigner.SIGNING_CLOCK, clock);
      if (checksum != null) {
        r.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, checksum);
      }
    });
    Map<String, String> out = new LinkedHashMap<>();
    signed.request().forEachHeader((name, values) -> out.put(name, String.join(",", values)));
    byte[] wire;
    try (InputStream in = signed.payload().orElseThrow().newStream()) {
      wire = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (withLength) {
      out.put("Content-Length", Integer.toString(wire.length));
    }
    return new Signed(out, wire);
  }

  /** Sends a request and reads the whole answer (the connection closes after it). */
  Response send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
    return exchange(method, pathAndQuery, headers, body, false);
  }

  /**
   * Sends a request whose body stops early: the client half-closes the connection after the
   * bytes given, whatever Content-Length said.
   */
  Response sendCut(String method, String pathAndQuery, Map<String, String> headers,
      byte[] body) {
    return exchange(method, pathAndQuery, headers, body, true);
  }

  private Response exchange(String method, String pathAndQuery, Map<String, String> headers,
      byte[] body, boolean halfClose) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head(method, pathAndQuery, headers));
      out.write(body);
      out.flush();
      if (halfClose) {
        socket.shutdownOutput();
      }
      return read(socket.getInputStream(), method.equals("HEAD"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A signed request sent as signed. */
  Response send(String method, String pathAndQuery, Signed signed) {
    return send(method, pathAndQuery, signed.headers(), signed.wireBody());
  }

  static byte[] head(String method, String pathAndQuery, Map<String, String> headers) {
    StringBuilder text = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.1\r\n");
    boolean hasHost = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("host"));
    if (!hasHost) {
      text.append("Host: 127.0.0.1\r\n");
    }
    headers.forEach((name, value) -> text.append(name).append(": ").append(value)
        .append("\r\n"));
    text.append("Connection: close\r\n\r\n");
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a status line, headers and (unless HEAD) the body up to end of stream. */
  static Response read(InputStream in, boolean head) throws IOException {
    String status = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip(), (a, b) -> a + "," + b);
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    byte[] body = head || code == 304 || code == 204 ? new byte[0] : in.readAllBytes();
    return new Response(code, headers, body);
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed inside a line: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** Header names of a signed request, for assertions. */
  static List<String> names(Signed signed) {
    return new ArrayList<>(signed.headers().keySet());
  }
}
