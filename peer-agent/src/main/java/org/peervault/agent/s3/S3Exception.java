package org.peervault.agent.s3;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the gateway refuses with an S3 error: the code and status of {@link #error()}, a
 * message for people, and optional extra elements of the XML error body (e.g. the
 * {@code RequestTime} of a RequestTimeTooSkewed).
 */
public class S3Exception extends RuntimeException {
  private final S3Error error;
  private final Map<String, String> details = new LinkedHashMap<>();

  public S3Exception(S3Error error, String message) {
    super(message);
    this.error = error;
  }

  public S3Exception(S3Error error, String message, Throwable cause) {
    super(message, cause);
    this.error = error;
  }

  public S3Error error() {
    return error;
  }

  /** Adds an element to the error body; returns this exception. */
  public S3Exception with(String element, String value) {
    details.put(element, value);
    return this;
  }

  /** Extra elements of the error body, in order. */
  public Map<String, String> details() {
    return Map.copyOf(details);
  }

  /** Details in insertion order, for the XML body. */
  Iterable<Map.Entry<String, String>> orderedDetails() {
    return details.entrySet();
  }
}
