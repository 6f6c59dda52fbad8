package org.peervault.repository.repair;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of repair, drains and the peer task channel. */
@ConfigMapping(prefix = "peervault.repair")
public interface RepairConfig {

  /** Whether the scheduled repair job runs (runs ordered through the admin API always do). */
  @WithDefault("true")
  boolean enabled();

  /** Time between scheduled repair runs. */
  @WithDefault("5m")
  Duration interval();

  /** A peer unseen for longer than this has its replicas counted as missing. */
  @WithDefault("1h")
  Duration grace();

  /** Most copies one repair run orders. */
  @WithDefault("1000")
  int copiesPerRun();

  /** Most bytes of copies ordered per minute, over all runs of all instances. */
  @WithDefault("268435456")
  long bytesPerMinute();

  /** Most chunks one repair run examines (the shortest of replicas first). */
  @WithDefault("10000")
  int chunksPerRun();

  /** How long a peer has to carry out and report a task before it is handed out again. */
  @WithDefault("10m")
  Duration taskLease();

  /** Leases a task gets before it is given up as failed. */
  @WithDefault("3")
  int maxAttempts();

  /** Most tasks handed out with one heartbeat. */
  @WithDefault("64")
  int tasksPerHeartbeat();

  /** A target whose copy of a chunk failed is not chosen again for it for this long. */
  @WithDefault("1h")
  Duration failedTargetPause();
}
