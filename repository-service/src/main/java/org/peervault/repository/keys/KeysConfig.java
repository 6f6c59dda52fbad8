package org.peervault.repository.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Configuration of the key hierarchy. */
@ConfigMapping(prefix = "peervault.keys")
public interface KeysConfig {

  /** Base64 of the 32-byte master key that wraps organization secrets; required, a secret. */
  Optional<String> masterKey();

  /** Chunk keys a device may ask for per second, sustained (a key oracle must stay slow). */
  @WithDefault("5000")
  int ratePerSecond();

  /** Chunk keys a device may ask for at once before the rate applies (a first full backup). */
  @WithDefault("200000")
  int burst();
}
