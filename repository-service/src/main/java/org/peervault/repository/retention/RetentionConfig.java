package org.peervault.repository.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of retention and garbage collection. */
@ConfigMapping(prefix = "peervault.retention")
public interface RetentionConfig {

  /** Whether this instance runs the retention job on its schedule (one instance runs at a time). */
  @WithDefault("true")
  boolean enabled();

  /** Time between two runs of the retention job. */
  @WithDefault("6h")
  Duration interval();

  /**
   * How long a chunk must have gone unreferenced and unasked-for before it is collected; longer
   * than the longest backup run (a run looks chunks up long before it references them).
   */
  @WithDefault("24h")
  Duration grace();

  /** Most chunks one run marks for collection per organization. */
  @WithDefault("100000")
  int chunksPerRun();
}
