package org.peervault.repository.device;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of device authentication. */
@ConfigMapping(prefix = "peervault.auth")
public interface AuthConfig {

  /** How long a verified device token is trusted without asking the database (revocation lag). */
  @WithDefault("60s")
  Duration tokenCacheTtl();

  /** Most verified tokens kept in the cache. */
  @WithDefault("100000")
  int tokenCacheSize();
}
