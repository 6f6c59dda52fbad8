package org.peervault.agent.s3.sigv4;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.peervault.agent.s3.S3Error;

/**
 * SigV4's canonical form of a request: method, URI, sorted query, signed headers and payload hash,
 * one per line, and the string to sign built over it.
 */
public final class CanonicalRequest {
  private static final String SIGNATURE_PARAM = "X-Amz-Signature";

  private CanonicalRequest() {}

  /**
   * The canonical request.
   *
   * @param canonicalUri the URI-encoded path
   * @param signedHeaders lower-case header names, as listed in SignedHeaders
   * @param payloadHash the x-amz-content-sha256 value (or UNSIGNED-PAYLOAD)
   * @param presigned true to leave X-Amz-Signature out of the query
   */
  public static String of(SignedRequest request, String canonicalUri, List<String> signedHeaders,
      String payloadHash, boolean presigned) {
    return request.method() + "\n"
        + canonicalUri + "\n"
        + canonicalQuery(request.rawQuery(), presigned) + "\n"
        + canonicalHeaders(request.headers(), signedHeaders) + "\n"
        + String.join(";", signedHeaders) + "\n"
        + payloadHash;
  }

  /** The string to sign of a canonical request. */
  public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
        + SigV4.sha256Hex(canonicalRequest);
  }

  /**
   * The URI candidates a client may have signed: the path decoded and encoded again per SigV4
   * (what the AWS SDKs sign), then the path exactly as sent when it differs.
   */
  public static List<String> uriCandidates(String rawPath) {
    String raw = rawPath.isEmpty() ? "/" : rawPath;
    String canonical;
    try {
      canonical = SigV4.uriEncode(SigV4.percentDecode(raw), true);
    } catch (IllegalArgumentException e) {
      return List.of(raw);
    }
    return canonical.equals(raw) ? List.of(canonical) : List.of(canonical, raw);
  }

  static String canonicalQuery(String rawQuery, boolean presigned) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      String decodedName = decodeQuery(name);
      if (presigned && decodedName.equals(SIGNATURE_PARAM)) {
        continue;
      }
      pairs.add(new String[] {SigV4.uriEncode(decodedName, false),
          SigV4.uriEncode(decodeQuery(value), false)});
    }
    pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
    StringBuilder out = new StringBuilder();
    for (String[] pair : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(pair[0]).append('=').append(pair[1]);
    }
    return out.toString();
  }

  private static String decodeQuery(String text) {
    try {
      return SigV4.percentDecode(text);
    } catch (IllegalArgumentException e) {
      throw S3Error.INVALID_ARGUMENT.exception("the query string has " + e.getMessage());
    }
  }

  private static String canonicalHeaders(Map<String, List<String>> headers,
      List<String> signedHeaders) {
    StringBuilder out = new StringBuilder();
    for (String name : signedHeaders) {
      List<String> values = headers.get(name);
      if (values == null) {
        throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception("the signed header \"" + name
            + "\" is missing from the request");
      }
      out.append(name).append(':');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(values.get(i).strip().replaceAll(" {2,}", " "));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
