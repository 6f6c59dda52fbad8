package org.peervault.repository.identity;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.peervault.repository.ErrorKind;
import org.peervault.repository.PeerVaultException;

/**
 * The Keycloak side of user administration, through keycloak-admin-client with the service
 * account of the confidential client {@code peervault.identity.keycloak-client-id}: creates
 * users and sets temporary passwords. Temporary passwords are shown once and never logged.
 * Thread-safe; the admin client is built on first use.
 */
@ApplicationScoped
public class KeycloakAdmin {
  private static final Logger LOG = Logger.getLogger(KeycloakAdmin.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String UPDATE_PASSWORD = "UPDATE_PASSWORD";

  @Inject
  IdentityConfig config;

  @Inject
  Users users;

  private Keycloak keycloak;

  /** A new user and the temporary password they must change at first sign-in. */
  public record CreatedUser(UserAccount account, String temporaryPassword) {}

  /**
   * Creates a user in Keycloak with a realm role and a temporary password, and records it.
   *
   * @throws PeerVaultException FAILED_PRECONDITION when the username is taken, UNAVAILABLE when
   *     Keycloak cannot be reached or is not configured
   */
  @Transactional
  public CreatedUser createUser(long organizationId, String organizationName, String username,
      String email, String role) {
    UserRepresentation rep = new UserRepresentation();
    rep.setUsername(username);
    rep.setEmail(email);
    rep.setEmailVerified(true);
    rep.setFirstName(username);
    rep.setLastName("-");
    rep.setEnabled(true);
    String password = temporaryPassword();
    rep.setCredentials(List.of(temporary(password)));
    rep.setRequiredActions(List.of(UPDATE_PASSWORD));
    RealmResource realm = realm();
    String subject;
    try (Response response = realm.users().create(rep)) {
      if (response.getStatus() == 409) {
        throw PeerVaultException.precondition("username-taken", "users: username \"" + username
            + "\" exists in Keycloak already; choose another");
      }
      subject = CreatedResponseUtil.getCreatedId(response);
    } catch (WebApplicationException | jakarta.ws.rs.ProcessingException e) {
      throw unavailable("create user \"" + username + "\"", e);
    }
    try {
      var roleRep = realm.roles().get(role).toRepresentation();
      realm.users().get(subject).roles().realmLevel().add(List.of(roleRep));
    } catch (WebApplicationException | jakarta.ws.rs.ProcessingException e) {
      throw unavailable("give user \"" + username + "\" the role " + role, e);
    }
    UserAccount account = users.create(organizationId, subject, username, email);
    LOG.infof("identity: user created user=%d organization=%d username=\"%s\" role=%s",
        account.id, organizationId, username, role);
    return new CreatedUser(account, password);
  }

  /**
   * Sets a temporary password that the user must replace at next sign-in ("update password"
   * required). Backups are unaffected: no key derives from a password.
   *
   * @param temporaryPassword the password to set, or null to generate one
   * @return the temporary password, to give to the user once
   */
  public String resetPassword(UserAccount user, String temporaryPassword) {
    String password = temporaryPassword == null ? temporaryPassword() : temporaryPassword;
    try {
      var resource = realm().users().get(user.keycloakSubject);
      resource.resetPassword(temporary(password));
      UserRepresentation rep = resource.toRepresentation();
      List<String> actions = rep.getRequiredActions() == null ? List.of()
          : rep.getRequiredActions();
      if (!actions.contains(UPDATE_PASSWORD)) {
        rep.setRequiredActions(new java.util.ArrayList<>(actions));
        rep.getRequiredActions().add(UPDATE_PASSWORD);
        resource.update(rep);
      }
    } catch (jakarta.ws.rs.NotFoundException e) {
      throw PeerVaultException.notFound("user-not-in-keycloak", "users: user " + user.id + " (\""
          + user.username + "\") no longer exists in Keycloak");
    } catch (jakarta.ws.rs.BadRequestException e) {
      throw PeerVaultException.invalid("password-rejected", "users: Keycloak refused the"
          + " temporary password (password policy); choose a longer or more varied one");
    } catch (WebApplicationException | jakarta.ws.rs.ProcessingException e) {
      throw unavailable("reset the password of \"" + user.username + "\"", e);
    }
    LOG.infof("identity: password reset user=%d username=\"%s\" updatePasswordRequired=true",
        user.id, user.username);
    return password;
  }

  /**
   * The realm roles a user holds in Keycloak (directly or through groups and composites).
   *
   * @throws PeerVaultException NOT_FOUND when the user no longer exists there, UNAVAILABLE when
   *     Keycloak cannot be reached
   */
  public java.util.Set<String> realmRoles(UserAccount user) {
    try {
      return realm().users().get(user.keycloakSubject).roles().realmLevel().listEffective()
          .stream().map(r -> r.getName()).collect(java.util.stream.Collectors.toSet());
    } catch (jakarta.ws.rs.NotFoundException e) {
      throw PeerVaultException.notFound("user-not-in-keycloak", "users: user " + user.id + " (\""
          + user.username + "\") no longer exists in Keycloak");
    } catch (WebApplicationException | jakarta.ws.rs.ProcessingException e) {
      throw unavailable("read the roles of \"" + user.username + "\"", e);
    }
  }

  private static CredentialRepresentation temporary(String password) {
    CredentialRepresentation c = new CredentialRepresentation();
    c.setType(CredentialRepresentation.PASSWORD);
    c.setValue(password);
    c.setTemporary(true);
    return c;
  }

  private static String temporaryPassword() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "Tmp-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private PeerVaultException unavailable(String what, Exception e) {
    LOG.warnf("identity: keycloak call failed action=\"%s\" cause=%s", what, e.toString());
    return new PeerVaultException(ErrorKind.UNAVAILABLE, "keycloak-unavailable", "users: could"
        + " not " + what + ": Keycloak at " + config.keycloakUrl().orElse("(unset)")
        + " refused or did not answer; check peervault.identity.keycloak-* and retry");
  }

  private synchronized RealmResource realm() {
    if (keycloak == null) {
      String url = config.keycloakUrl().filter(u -> !u.isBlank()).orElseThrow(() ->
          PeerVaultException.precondition("keycloak-not-configured", "users: Keycloak"
              + " administration is not configured; set peervault.identity.keycloak-url and"
              + " peervault.identity.keycloak-client-secret"));
      keycloak = KeycloakBuilder.builder().serverUrl(url).realm(config.keycloakRealm())
          .grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId(config.keycloakClientId())
          .clientSecret(config.keycloakClientSecret().orElse("")).build();
    }
    return keycloak.realm(config.keycloakRealm());
  }

  @PreDestroy
  synchronized void close() {
    if (keycloak != null) {
      keycloak.close();
    }
  }
}
