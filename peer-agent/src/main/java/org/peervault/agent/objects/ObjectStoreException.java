package org.peervault.agent.objects;

/**
 * A refused or failed bucket or object operation. {@link #code()} is a stable name the S3 layer
 * maps to its error code and status (it uses S3's own names, e.g. {@code NoSuchKey}); the message
 * says what failed and on what, for people.
 */
public class ObjectStoreException extends RuntimeException {
  private final String code;

  public ObjectStoreException(String code, String message) {
    super(message);
    this.code = code;
  }

  public ObjectStoreException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
