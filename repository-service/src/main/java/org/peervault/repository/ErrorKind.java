package org.peervault.repository;

/**
 * What kind of failure a {@link PeerVaultException} reports, independent of any protocol.
 *
 * <p>Protocol layers map each kind to their own vocabulary (a gRPC status, an HTTP status); the
 * domain only says which of these it is.
 */
public enum ErrorKind {
  /** The named thing does not exist, or the caller may not know that it exists. */
  NOT_FOUND,
  /** The request itself is malformed; retrying it unchanged fails the same way. */
  INVALID_ARGUMENT,
  /** The request is well-formed but the system is not in a state that allows it yet. */
  FAILED_PRECONDITION,
  /** The caller's credential is missing, unknown or revoked. */
  UNAUTHENTICATED,
  /** The caller is known but may not do this. */
  PERMISSION_DENIED,
  /** The caller exceeded a rate or quota; retrying later may work. */
  RESOURCE_EXHAUSTED,
  /** A transient failure (database unreachable, conflict with a concurrent request): retry. */
  UNAVAILABLE
}
