package org.peervault.repository.identity;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.peervault.repository.ErrorKind;
import org.peervault.repository.PeerVaultException;

/**
 * Verifies a user's access token outside an HTTP request (the agents' gRPC calls carry one in
 * {@code x-peervault-user}): signature and expiry through quarkus-oidc's default tenant, then
 * the user account through {@link Users}. Blocking: call it from worker threads only.
 */
@ApplicationScoped
public class UserTokenVerifier {
  private static final Logger LOG = Logger.getLogger(UserTokenVerifier.class);

  @Inject
  TenantIdentityProvider identities;

  @Inject
  IdentityConfig config;

  @Inject
  Users users;

  /**
   * The actor whose token this is.
   *
   * @throws PeerVaultException UNAUTHENTICATED when the token is invalid, expired, or user
   *     tokens are not accepted here (OIDC off)
   */
  public Actor verify(String accessToken) {
    SecurityIdentity identity;
    try {
      identity = identities.authenticate(new AccessTokenCredential(accessToken)).await()
          .atMost(config.keycloakTimeout());
    } catch (RuntimeException e) {
      LOG.infof("identity: user token rejected cause=%s", e.getClass().getSimpleName());
      throw new PeerVaultException(ErrorKind.UNAUTHENTICATED, "user-token-rejected", "identity:"
          + " user token not accepted (expired, invalid, or sign-in is not enabled on this"
          + " repository); run `peer-agent login` again");
    }
    return users.actorOf(identity);
  }
}
