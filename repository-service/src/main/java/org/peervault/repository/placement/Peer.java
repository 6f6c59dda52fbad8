package org.peervault.repository.placement;

/**
 * A candidate peer as placement sees it.
 *
 * @param deviceId the peer's device
 * @param address host:port of its chunk service
 * @param site failure-domain label ("" when unknown, which counts as one shared domain)
 * @param subnet failure-domain label ("" when unknown, likewise)
 * @param freeBytes bytes it can still accept (may be negative when over quota)
 * @param quotaBytes bytes it lends to peers in all; a peer using {@link #FULL_FRACTION} of it or
 *     more is never chosen
 * @param live whether it was seen recently enough to be reachable
 * @param uptime its uptime cycle by UTC hour
 */
public record Peer(long deviceId, String address, String site, String subnet, long freeBytes,
    long quotaBytes, boolean live, UtcUptime uptime) {
  /** A peer whose used share of its quota reaches this is near full and not chosen. */
  public static final double FULL_FRACTION = 0.9;

  public Peer {
    if (uptime == null) {
      throw new IllegalArgumentException("peer " + deviceId + ": uptime is required");
    }
  }

  /** This peer with another liveness. */
  public Peer withLive(boolean isLive) {
    return new Peer(deviceId, address, site, subnet, freeBytes, quotaBytes, isLive, uptime);
  }

  /** This peer with another count of free bytes. */
  public Peer withFreeBytes(long bytes) {
    return new Peer(deviceId, address, site, subnet, bytes, quotaBytes, live, uptime);
  }

  /** Whether the peer, with {@code freeBytes} left, is at or above 90% of its quota. */
  static boolean nearlyFull(long freeBytes, long quotaBytes) {
    return quotaBytes <= 0 || (double) (quotaBytes - freeBytes) >= FULL_FRACTION * quotaBytes;
  }
}
