package org.peervault.repository.identity;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.peervault.repository.Listing;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.EnrollmentConfig;
import org.peervault.repository.device.OrganizationStore;

/**
 * Maps Keycloak identities to user accounts: finds or creates the account of a signed-in user,
 * and lists and finds the users of an organization. Thread-safe.
 */
@ApplicationScoped
public class Users {
  private static final Logger LOG = Logger.getLogger(Users.class);
  /** last_seen_at is refreshed at most this often, so reads do not write on every request. */
  private static final Duration SEEN_RESOLUTION = Duration.ofMinutes(1);

  @Inject
  IdentityConfig config;

  @Inject
  EnrollmentConfig enrollmentConfig;

  @Inject
  OrganizationStore organizations;

  /**
   * The actor behind a verified identity: its user account (created on first sight) and roles.
   *
   * @throws PeerVaultException UNAUTHENTICATED for an anonymous identity or a token without
   *     subject, PERMISSION_DENIED for an unknown organization
   */
  public Actor actorOf(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous()) {
      throw new PeerVaultException(org.peervault.repository.ErrorKind.UNAUTHENTICATED,
          "not-signed-in", "identity: sign in first (send 'Authorization: Bearer <token>')");
    }
    Principal principal = identity.getPrincipal();
    String subject = principal.getName();
    String username = principal.getName();
    String email = null;
    String organization = null;
    if (principal instanceof JsonWebToken jwt) {
      subject = jwt.getSubject();
      username = Optional.ofNullable(jwt.<String>getClaim("preferred_username")).orElse(subject);
      email = jwt.getClaim("email");
      Object org = jwt.getClaim(config.organizationClaim());
      organization = org == null ? null : org.toString().replace("\"", "");
    }
    if (subject == null || subject.isBlank()) {
      throw new PeerVaultException(org.peervault.repository.ErrorKind.UNAUTHENTICATED,
          "token-without-subject", "identity: the token has no subject (sub claim)");
    }
    Set<String> roles = identity.getRoles().stream().filter(Role::isKnown)
        .collect(Collectors.toSet());
    return actorOf(subject, username, email, organization, roles);
  }

  /** The actor for these claims; see {@link #actorOf(SecurityIdentity)}. */
  public Actor actorOf(String subject, String username, String email, String organization,
      Set<String> roles) {
    String orgName = organization == null || organization.isBlank()
        ? enrollmentConfig.defaultOrganization() : organization;
    UserAccount account;
    try {
      account = QuarkusTransaction.requiringNew().call(() -> upsert(subject, username, email,
          orgName));
    } catch (PersistenceException e) {
      // Two first requests of the same user raced on the unique subject: the other one won.
      account = QuarkusTransaction.requiringNew().call(() -> upsert(subject, username, email,
          orgName));
    }
    return new Actor(account.id, account.organizationId, account.username, roles);
  }

  private UserAccount upsert(String subject, String username, String email, String orgName) {
    Instant now = Instant.now();
    Optional<UserAccount> found = UserAccount.find("keycloakSubject", subject)
        .firstResultOptional();
    if (found.isPresent()) {
      UserAccount a = found.get();
      if (!username.equals(a.username) || a.lastSeenAt == null
          || a.lastSeenAt.isBefore(now.minus(SEEN_RESOLUTION))) {
        a.username = username;
        a.email = email;
        a.lastSeenAt = now;
      }
      return a;
    }
    long orgId = organizations.findByName(orgName).map(o -> o.id)
        .orElseThrow(() -> PeerVaultException.denied("unknown-organization", "identity:"
            + " organization \"" + orgName + "\" of user \"" + username + "\" does not exist;"
            + " ask an admin to create it or fix the user's organization attribute"));
    UserAccount a = create(orgId, subject, username, email);
    a.lastSeenAt = now;
    LOG.infof("identity: user first seen user=%d organization=%d username=\"%s\"", a.id, orgId,
        username);
    return a;
  }

  /** Records a user created in Keycloak through PeerVault. The caller holds the transaction. */
  UserAccount create(long organizationId, String subject, String username, String email) {
    UserAccount a = new UserAccount();
    a.organizationId = organizationId;
    a.keycloakSubject = subject;
    a.username = username;
    a.email = email;
    a.createdAt = Instant.now();
    a.persist();
    return a;
  }

  /** Users of an organization by username; {@code usernameContains} filters when not blank. */
  public Listing<UserAccount> list(long organizationId, String usernameContains, int page,
      int size) {
    return QuarkusTransaction.joiningExisting().call(() -> {
      String like = usernameContains == null || usernameContains.isBlank() ? "%"
          : "%" + usernameContains.toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%";
      var query = UserAccount.find("organizationId = :org and lower(username) like :like",
          Sort.by("username"), Parameters.with("org", organizationId).and("like", like));
      return new Listing<>(query.page(Page.of(page, size)).list(), query.count());
    });
  }

  /**
   * A user of the organization.
   *
   * @throws PeerVaultException NOT_FOUND when it does not exist there
   */
  public UserAccount require(long organizationId, long userId) {
    return QuarkusTransaction.joiningExisting().call(() ->
        UserAccount.<UserAccount>findByIdOptional(userId)
            .filter(u -> u.organizationId == organizationId)
            .orElseThrow(() -> PeerVaultException.notFound("user-not-found", "user " + userId
                + " does not exist in your organization")));
  }
}
