package org.peervault.repository.device;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of enrollment. */
@ConfigMapping(prefix = "peervault.enrollment")
public interface EnrollmentConfig {

  /** Name of the organization created at first start (users without an organization claim join it). */
  @WithDefault("default")
  String defaultOrganization();
}
