package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.Organization;
import org.peervault.repository.identity.Actor;
import org.peervault.repository.identity.KeycloakAdmin;
import org.peervault.repository.identity.Role;
import org.peervault.repository.identity.UserAccount;
import org.peervault.repository.identity.Users;

/**
 * Users: list and detail (admin, helpdesk), create (admin), password reset (admin, helpdesk),
 * and {@code me} (anyone signed in).
 */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

  @Inject
  CurrentActor actor;

  @Inject
  Users users;

  @Inject
  KeycloakAdmin keycloak;

  /** A user as the API shows it. */
  public record UserView(long id, String username, String email, Instant createdAt,
      Instant lastSeenAt) {

    static UserView of(UserAccount u) {
      return new UserView(u.id, u.username, u.email, u.createdAt, u.lastSeenAt);
    }
  }

  /** The signed-in user and their roles. */
  public record MeView(long id, String username, long organizationId, Set<String> roles) {}

  /** A user to create in Keycloak; {@code role} is admin, helpdesk or user. */
  public record NewUser(
      @NotBlank(message = "must not be blank") @Size(max = 100, message = "at most 100 characters")
      @Pattern(regexp = "[a-zA-Z0-9._@-]+", message = "only letters, digits and . _ @ -")
      String username,
      @Email(message = "must be an e-mail address") String email,
      @NotNull(message = "must be admin, helpdesk or user")
      @Pattern(regexp = "admin|helpdesk|user", message = "must be admin, helpdesk or user")
      String role) {}

  /** A created user and their temporary password (shown once; they must change it). */
  public record CreatedUserView(UserView user, String temporaryPassword) {}

  /** Optional: the temporary password to set; omitted, one is generated. */
  public record PasswordReset(
      @Size(min = 8, max = 100, message = "must have 8 to 100 characters")
      String temporaryPassword) {}

  /** The temporary password set (shown once) and that it must be changed at next sign-in. */
  public record PasswordResetView(long userId, String temporaryPassword,
      boolean updatePasswordRequired, List<String> note) {}

  @GET
  @Path("me")
  @RolesAllowed({Role.ADMIN, Role.HELPDESK, Role.USER})
  @Operation(summary = "The signed-in user.")
  public MeView me() {
    Actor a = actor.get();
    return new MeView(a.userId(), a.username(), a.organizationId(), a.roles());
  }

  @GET
  @RolesAllowed({Role.ADMIN, Role.HELPDESK})
  @Operation(summary = "List users; filter: username (contains).")
  public PageView<UserView> list(@QueryParam("username") String username,
      @Valid @BeanParam PageParams page) {
    return PageView.of(users.list(actor.organizationId(), username, page.page, page.size), page,
        UserView::of);
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Role.ADMIN, Role.HELPDESK})
  @Operation(summary = "One user.")
  public UserView get(@PathParam("id") long id) {
    return UserView.of(users.require(actor.organizationId(), id));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN)
  @Audited("user.create")
  @Operation(summary = "Create a user in Keycloak with a role and a temporary password.")
  public Response create(@Valid @NotNull(message = "send a JSON body") NewUser body) {
    long org = actor.organizationId();
    Organization o = Organization.findById(org);
    KeycloakAdmin.CreatedUser created = keycloak.createUser(org, o.name, body.username(),
        body.email(), body.role());
    return Response.status(201).entity(new CreatedUserView(UserView.of(created.account()),
        created.temporaryPassword())).build();
  }

  @POST
  @Path("{id}/password-reset")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.ADMIN, Role.HELPDESK})
  @Audited("user.password-reset")
  @Operation(summary = "Set a temporary password the user must change at next sign-in."
      + " Backups are unaffected: no key derives from a password.")
  public PasswordResetView resetPassword(@PathParam("id") long id,
      @Valid PasswordReset body) {
    UserAccount user = users.require(actor.organizationId(), id);
    if (!actor.get().isAdmin()) {
      // Helpdesk must not take over staff accounts: only admins reset admins and helpdesk.
      java.util.Set<String> roles = keycloak.realmRoles(user);
      if (roles.contains(Role.ADMIN) || roles.contains(Role.HELPDESK)) {
        throw PeerVaultException.denied("reset-needs-admin", "users: helpdesk may reset the"
            + " passwords of users only; \"" + user.username + "\" is staff, ask an admin");
      }
    }
    String password = keycloak.resetPassword(user, body == null ? null
        : body.temporaryPassword());
    return new PasswordResetView(user.id, password, true, List.of("give the password to the"
        + " user once; they choose a new one at next sign-in; their backups are unaffected"));
  }
}
