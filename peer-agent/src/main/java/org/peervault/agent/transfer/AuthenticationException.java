package org.peervault.agent.transfer;

/** The repository refused this device's credentials (unknown, revoked, or a wrong token). */
public final class AuthenticationException extends RepositoryException {
  public AuthenticationException(String operation, String message, Throwable cause) {
    super(operation, "UNAUTHENTICATED", message, cause);
  }
}
