package org.peervault.repository.placement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of placement. */
@ConfigMapping(prefix = "peervault.placement")
public interface PlacementConfig {

  /**
   * Fewest copies of a chunk, however available its peers (a copy also guards against a lost
   * disk); also the confirmed replicas a chunk needs before a snapshot may reference it.
   */
  @WithDefault("2")
  int replicas();

  /** Most copies of a chunk: placement stops here even below the target availability. */
  @WithDefault("8")
  int maxCopies();

  /** Extra peers proposed per chunk beyond the required ones, to fall back on. */
  @WithDefault("2")
  int spares();

  /** A peer is live when its last heartbeat (or registration) is at most this old. */
  @WithDefault("150s")
  Duration liveWindow();

  /** How long space promised to a placed but unconfirmed chunk stays reserved on a peer. */
  @WithDefault("15m")
  Duration reservationTtl();

  /** The owner's restore window: the hours in which its own uptime cycle is at least this. */
  @WithDefault("0.5")
  double ownerHourThreshold();

  /** A heartbeat reporting a measured link throughput below this (bytes/s) is on a slow link. */
  @WithDefault("131072")
  long slowLinkBytesPerSecond();
}
