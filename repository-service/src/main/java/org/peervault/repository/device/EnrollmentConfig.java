package org.peervault.repository.device;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Configuration of enrollment. */
@ConfigMapping(prefix = "peervault.enrollment")
public interface EnrollmentConfig {

  /** The bootstrap enrollment token to accept; when unset, one is generated once. A secret. */
  Optional<String> bootstrapToken();

  /** Where a generated bootstrap token is written (mode 0600), relative to the working dir. */
  @WithDefault("bootstrap-token")
  Path bootstrapTokenFile();

  /** Name of the organization created at first start, which the bootstrap token enrolls into. */
  @WithDefault("default")
  String defaultOrganization();
}
