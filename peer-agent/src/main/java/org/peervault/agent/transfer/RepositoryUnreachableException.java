package org.peervault.agent.transfer;

/** The repository could not be reached (down, wrong address, network); retrying later may work. */
public final class RepositoryUnreachableException extends RepositoryException {
  public RepositoryUnreachableException(String operation, String address, Throwable cause) {
    super(operation, "UNAVAILABLE",
        "repository at " + address + " is unreachable; check that it runs and that the address is right",
        cause);
  }
}
