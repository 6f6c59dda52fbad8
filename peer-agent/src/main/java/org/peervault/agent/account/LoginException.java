package org.peervault.agent.account;

/** Signing in failed or the signed-in session cannot be used; the message says what to do. */
public final class LoginException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LoginException(String message) {
    super(message);
  }

  public LoginException(String message, Throwable cause) {
    super(message, cause);
  }
}
