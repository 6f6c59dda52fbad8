package org.peervault.repository;

import java.util.Objects;

/**
 * A failure the caller can understand and act on: a kind, a stable code and a message that says
 * what failed, on what, and what to do.
 *
 * <p>Subclasses carry the data of their failure (a snapshot id, a path, chunk ids). The message is
 * shown to the caller as is, so it never contains keys, tokens or file contents.
 */
public class PeerVaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String code;

  /**
   * Creates an exception.
   *
   * @param kind what kind of failure this is
   * @param code stable, machine-readable code in kebab case, e.g. {@code snapshot-not-found}
   * @param message readable message for the caller
   */
  public PeerVaultException(ErrorKind kind, String code, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.code = Objects.requireNonNull(code, "code");
  }

  /** A malformed request, with a message naming the offending field or value. */
  public static PeerVaultException invalid(String code, String message) {
    return new PeerVaultException(ErrorKind.INVALID_ARGUMENT, code, message);
  }

  /** Something the caller named does not exist (or is not visible to it). */
  public static PeerVaultException notFound(String code, String message) {
    return new PeerVaultException(ErrorKind.NOT_FOUND, code, message);
  }

  /** A well-formed request that the current state does not allow. */
  public static PeerVaultException precondition(String code, String message) {
    return new PeerVaultException(ErrorKind.FAILED_PRECONDITION, code, message);
  }

  /** A known caller asking for something outside its organization or rights. */
  public static PeerVaultException denied(String code, String message) {
    return new PeerVaultException(ErrorKind.PERMISSION_DENIED, code, message);
  }

  /** The kind of failure. */
  public ErrorKind kind() {
    return kind;
  }

  /** The stable code of this failure. */
  public String code() {
    return code;
  }
}
