package org.peervault.repository.identity;

import java.util.Set;

/**
 * The signed-in user behind a request.
 *
 * @param userId their user account
 * @param organizationId the organization they belong to; everything they see is scoped by it
 * @param username their Keycloak username (for logs and the audit log)
 * @param roles their PeerVault roles (see {@link Role})
 */
public record Actor(long userId, long organizationId, String username, Set<String> roles) {

  public Actor {
    roles = Set.copyOf(roles);
  }

  /** Whether the actor is an admin. */
  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }

  /** Whether the actor is helpdesk staff (and not an admin). */
  public boolean isHelpdesk() {
    return !isAdmin() && roles.contains(Role.HELPDESK);
  }

  /** The most powerful role held: admin, then helpdesk, then user. */
  public String primaryRole() {
    return isAdmin() ? Role.ADMIN : isHelpdesk() ? Role.HELPDESK : Role.USER;
  }
}
