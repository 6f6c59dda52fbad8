package org.peervault.repository.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of identities: the organization claim and the Keycloak admin connection. */
@ConfigMapping(prefix = "peervault.identity")
public interface IdentityConfig {

  /** Token claim naming the user's organization; users without it join the default one. */
  @WithDefault("organization")
  String organizationClaim();

  /** Keycloak base URL for admin calls (user creation, password resets), e.g. https://kc:8443. */
  Optional<String> keycloakUrl();

  /** The Keycloak realm of PeerVault's users. */
  @WithDefault("peervault")
  String keycloakRealm();

  /** Confidential client whose service account may manage users (realm-management roles). */
  @WithDefault("peervault-service")
  String keycloakClientId();

  /** Secret of that client. A secret: set it from the environment, never in a file. */
  Optional<String> keycloakClientSecret();

  /** Longest wait for a Keycloak admin call or a token verification. */
  @WithDefault("10s")
  Duration keycloakTimeout();
}
