package org.peervault.repository.proof;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of replica audits. */
@ConfigMapping(prefix = "peervault.audit")
public interface AuditConfig {

  /** Whether this instance runs the audit job on its schedule (one instance runs at a time). */
  @WithDefault("true")
  boolean enabled();

  /** Time between two runs of the audit job. */
  @WithDefault("10m")
  Duration interval();

  /**
   * Replicas audited per organization per run, chosen at random among those with an unused
   * challenge.
   */
  @WithDefault("50")
  int replicasPerRun();

  /** Only peers seen within this window are audited (others are repair's business). */
  @WithDefault("10m")
  Duration seenWithin();

  /** An audit its peer has not fetched after this long is cancelled. */
  @WithDefault("24h")
  Duration unfetchedTimeout();
}
