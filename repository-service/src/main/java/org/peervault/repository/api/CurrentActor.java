package org.peervault.repository.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.identity.Actor;
import org.peervault.repository.identity.Users;

/** The signed-in user of the current HTTP request, resolved once per request. */
@RequestScoped
public class CurrentActor {

  @Inject
  SecurityIdentity identity;

  @Inject
  Users users;

  private Actor actor;

  /** The actor; resolves (and, on first sign-in, records) the user account. */
  public Actor get() {
    if (actor == null) {
      actor = users.actorOf(identity);
    }
    return actor;
  }

  /** The actor's organization. */
  public long organizationId() {
    return get().organizationId();
  }

  /** The username, without touching the database (for the audit log of failures). */
  public String username() {
    Object name = identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt
        ? jwt.getClaim("preferred_username") : identity.getPrincipal().getName();
    return name == null ? identity.getPrincipal().getName() : name.toString();
  }

  /** The roles of the identity, without touching the database. */
  public java.util.Set<String> roles() {
    return identity.getRoles();
  }

  /**
   * Throws NOT_FOUND (code {@code <kind>-not-found}) unless the actor is an admin or the owner
   * {@code ownerUserId}: to others, what they may not see does not exist.
   */
  public void requireAdminOrOwner(Long ownerUserId, String kind, Object id) {
    Actor a = get();
    if (!a.isAdmin() && (ownerUserId == null || ownerUserId != a.userId())) {
      throw PeerVaultException.notFound(kind + "-not-found", kind.replace('-', ' ') + " " + id
          + " does not exist in your organization");
    }
  }
}
