package org.peervault.agent.transfer;

/** The repository answered, but refused or failed a call; the message is the repository's own. */
public class RepositoryException extends RuntimeException {
  private final String operation;
  private final String code;

  public RepositoryException(String operation, String code, String message, Throwable cause) {
    super(operation + ": " + message + " (" + code + ")", cause);
    this.operation = operation;
    this.code = code;
  }

  /** The repository call that failed, e.g. {@code "commit snapshot"}. */
  public String operation() {
    return operation;
  }

  /** The gRPC status code name, e.g. {@code FAILED_PRECONDITION}. */
  public String code() {
    return code;
  }
}
