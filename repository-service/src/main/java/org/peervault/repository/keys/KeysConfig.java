package org.peervault.repository.keys;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Configuration of the key hierarchy. */
@ConfigMapping(prefix = "peervault.keys")
public interface KeysConfig {

  /** Base64 of the 32-byte master key that wraps organization secrets; required, a secret. */
  Optional<String> masterKey();
}
