package org.peervault.repository.identity;

/** The Keycloak realm roles PeerVault knows, as the strings tokens carry. */
public final class Role {
  /** Sees and does everything within the organization. */
  public static final String ADMIN = "admin";
  /** Resets passwords; sees devices and users, never file names or contents. */
  public static final String HELPDESK = "helpdesk";
  /** Sees only their own devices and files. */
  public static final String USER = "user";

  private Role() {}

  /** Whether {@code role} is one of the three. */
  public static boolean isKnown(String role) {
    return ADMIN.equals(role) || HELPDESK.equals(role) || USER.equals(role);
  }
}
