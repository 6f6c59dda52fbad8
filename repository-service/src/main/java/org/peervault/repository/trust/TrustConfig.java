package org.peervault.repository.trust;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Configuration of certificates and grants. */
@ConfigMapping(prefix = "peervault.trust")
public interface TrustConfig {

  /** How long a device certificate is valid; agents renew when a third of it is left. */
  @WithDefault("30D")
  Duration deviceCertificateValidity();

  /** How long a grant lets an agent store, fetch or delete a chunk. */
  @WithDefault("10M")
  Duration grantTtl();

  /** Extra DNS names or IP addresses put in the repository's TLS certificate. */
  @WithDefault("localhost,127.0.0.1")
  List<String> serverNames();

  /** How long a revoked or re-enrolled device's certificate may still be accepted from cache. */
  @WithDefault("60S")
  Duration certificateCacheTtl();
}
