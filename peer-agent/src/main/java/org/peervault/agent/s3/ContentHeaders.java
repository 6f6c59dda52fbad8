package org.peervault.agent.s3;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.peervault.agent.objects.ObjectStore.ObjectHeaders;
import org.peervault.agent.objects.ObjectStore.ObjectInfo;

/**
 * The content headers and x-amz-meta-* user metadata stored with an object: read from a PUT
 * (or a CopyObject with REPLACE, or a CreateMultipartUpload) and answered on GET and HEAD.
 */
final class ContentHeaders {
  /** S3's default when a PUT names no Content-Type. */
  static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
  /** S3's limit on the user metadata of an object (names and values, UTF-8). */
  static final int MAX_METADATA_BYTES = 2048;
  /** The HTTP date form (IMF-fixdate, RFC 9110). */
  static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private static final List<String> STORED = List.of("Content-Encoding", "Content-Disposition",
      "Content-Language", "Cache-Control", "Expires");
  private static final String META_PREFIX = "x-amz-meta-";
  private static final Map<String, String> OVERRIDES = Map.of(
      "response-content-type", "Content-Type",
      "response-content-language", "Content-Language",
      "response-expires", "Expires",
      "response-cache-control", "Cache-Control",
      "response-content-disposition", "Content-Disposition",
      "response-content-encoding", "Content-Encoding");

  private ContentHeaders() {}

  /** The headers a request asks to store with its object. */
  static ObjectHeaders fromRequest(S3Request request) {
    String contentType = request.header("Content-Type").orElse(DEFAULT_CONTENT_TYPE);
    Map<String, String> content = new LinkedHashMap<>();
    for (String name : STORED) {
      request.header(name).ifPresent(value -> content.put(name, value));
    }
    String encoding = content.get("Content-Encoding");
    if (encoding != null) {
      // aws-chunked describes the request's framing, not the object (S3 drops it too).
      String rest = Arrays.stream(encoding.split(","))
          .map(String::strip)
          .filter(e -> !e.equalsIgnoreCase("aws-chunked") && !e.isEmpty())
          .collect(Collectors.joining(","));
      if (rest.isEmpty()) {
        content.remove("Content-Encoding");
      } else {
        content.put("Content-Encoding", rest);
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    int metadataBytes = 0;
    for (Map.Entry<String, List<String>> header : request.signed().headers().entrySet()) {
      if (header.getKey().startsWith(META_PREFIX)) {
        String name = header.getKey().substring(META_PREFIX.length());
        String value = String.join(",", header.getValue());
        metadata.put(name, value);
        metadataBytes += name.getBytes(StandardCharsets.UTF_8).length
            + value.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (metadataBytes > MAX_METADATA_BYTES) {
      throw S3Error.METADATA_TOO_LARGE.exception("the x-amz-meta-* headers take "
          + metadataBytes + " bytes, more than " + MAX_METADATA_BYTES)
          .with("MaxSizeAllowed", Integer.toString(MAX_METADATA_BYTES));
    }
    return new ObjectHeaders(contentType, content, metadata);
  }

  /** Sets an object's headers on the response (and the response-* overrides of a GET). */
  static void answer(S3Exchange exchange, ObjectInfo info) {
    ObjectHeaders headers = info.headers();
    exchange.header("ETag", quote(info.etag()));
    exchange.header("Last-Modified", httpDate(info.lastModified()));
    exchange.header("Accept-Ranges", "bytes");
    exchange.header("Content-Type", headers.contentType() == null ? DEFAULT_CONTENT_TYPE
        : headers.contentType());
    headers.contentHeaders().forEach(exchange::header);
    headers.userMetadata().forEach((name, value) -> exchange.header(META_PREFIX + name, value));
    S3Request request = exchange.request();
    OVERRIDES.forEach((param, header) -> request.param(param)
        .ifPresent(value -> exchange.header(header, value)));
  }

  static String quote(String etag) {
    return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
  }

  static String httpDate(Instant time) {
    return HTTP_DATE.format(time);
  }
}
