package org.peervault.agent.s3.sigv4;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What SigV4 covers of an HTTP request, as received.
 *
 * @param method e.g. "PUT"
 * @param rawPath the path as sent, still %-encoded
 * @param rawQuery the query string as sent (without '?'), "" when none
 * @param headers every header by lower-case name, values in the order received
 */
public record SignedRequest(String method, String rawPath, String rawQuery,
    Map<String, List<String>> headers) {

  public SignedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of a header (lower-case name). */
  public Optional<String> header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
