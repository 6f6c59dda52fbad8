package org.peervault.agent.s3;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.peervault.agent.s3.sigv4.SigV4;
import org.peervault.agent.s3.sigv4.SignedRequest;

/**
 * An S3 request as the gateway reads it: method, the bucket and key from path-style or
 * virtual-host-style addressing, the decoded query parameters and the headers.
 *
 * @param requestId the id answered in x-amz-request-id and error bodies
 * @param method e.g. "GET"
 * @param bucket the bucket, or null for the service (ListBuckets)
 * @param key the object key, or null for a bucket request
 * @param query decoded query parameters, first value of each
 * @param signed what SigV4 covers (raw path and query, headers by lower-case name)
 */
public record S3Request(String requestId, String method, String bucket, String key,
    Map<String, String> query, SignedRequest signed) {

  /** Reads a Jetty request. */
  static S3Request of(Request request, String requestId, List<String> baseDomains) {
    String rawPath = Optional.ofNullable(request.getHttpURI().getPath()).orElse("/");
    String rawQuery = Optional.ofNullable(request.getHttpURI().getQuery()).orElse("");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.computeIfAbsent(field.getLowerCaseName(), n -> new ArrayList<>())
          .add(field.getValue());
    }
    SignedRequest signed = new SignedRequest(request.getMethod(), rawPath, rawQuery, headers);
    String path = decode(rawPath, "path");
    String host = signed.header("host").orElse("");
    String virtualBucket = virtualBucket(host, baseDomains);
    String bucket;
    String key;
    String rest = path.startsWith("/") ? path.substring(1) : path;
    if (virtualBucket != null) {
      bucket = virtualBucket;
      key = rest.isEmpty() ? null : rest;
    } else {
      int slash = rest.indexOf('/');
      bucket = rest.isEmpty() ? null : slash < 0 ? rest : rest.substring(0, slash);
      key = slash < 0 || slash == rest.length() - 1 ? null : rest.substring(slash + 1);
    }
    return new S3Request(requestId, request.getMethod(), bucket, key, queryParams(rawQuery),
        signed);
  }

  /** The first value of a header (any case). */
  public Optional<String> header(String name) {
    return signed.header(name.toLowerCase(Locale.ROOT));
  }

  /** True when the query names the parameter (with or without a value). */
  public boolean has(String param) {
    return query.containsKey(param);
  }

  /** A query parameter's value. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** The resource the request names, for error bodies: "/bucket/key". */
  public String resource() {
    return "/" + (bucket == null ? "" : bucket) + (key == null ? "" : "/" + key);
  }

  private static String virtualBucket(String hostHeader, List<String> baseDomains) {
    String host = hostHeader.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      return null;
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    for (String domain : baseDomains) {
      if (host.endsWith("." + domain) && host.length() > domain.length() + 1) {
        return host.substring(0, host.length() - domain.length() - 1);
      }
    }
    return null;
  }

  private static Map<String, String> queryParams(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery.isEmpty()) {
      return params;
    }
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq), "query");
      String value = eq < 0 ? "" : decode(part.substring(eq + 1), "query");
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String decode(String text, String what) {
    try {
      return SigV4.percentDecode(text);
    } catch (IllegalArgumentException e) {
      throw S3Error.INVALID_ARGUMENT.exception("the " + what + " has " + e.getMessage());
    }
  }
}
