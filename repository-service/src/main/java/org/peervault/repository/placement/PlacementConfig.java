package org.peervault.repository.placement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of placement. */
@ConfigMapping(prefix = "peervault.placement")
public interface PlacementConfig {

  /** Confirmed replicas a chunk needs before a snapshot may reference it. */
  @WithDefault("2")
  int replicas();

  /** Extra peers proposed per chunk beyond the required ones, to fall back on. */
  @WithDefault("2")
  int spares();

  /** A peer is live when its last heartbeat (or registration) is at most this old. */
  @WithDefault("60s")
  Duration liveWindow();

  /** How long space promised to a placed but unconfirmed chunk stays reserved on a peer. */
  @WithDefault("15m")
  Duration reservationTtl();
}
