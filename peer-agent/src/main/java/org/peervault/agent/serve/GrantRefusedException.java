package org.peervault.agent.serve;

/** A peer call was refused: its grant or its caller failed a check; the message names which. */
public final class GrantRefusedException extends RuntimeException {
  public GrantRefusedException(String message) {
    super(message);
  }
}
