package org.peervault.repository.placement;

/**
 * A candidate peer as placement sees it.
 *
 * @param deviceId the peer's device
 * @param address host:port of its chunk service
 * @param site failure-domain label ("" when unknown, which counts as one shared domain)
 * @param subnet failure-domain label ("" when unknown, likewise)
 * @param freeBytes bytes it can still accept (may be negative when over quota)
 * @param live whether it was seen recently enough to be reachable
 */
public record Peer(long deviceId, String address, String site, String subnet, long freeBytes,
    boolean live) {

  /** This peer with another liveness. */
  public Peer withLive(boolean isLive) {
    return new Peer(deviceId, address, site, subnet, freeBytes, isLive);
  }

  /** This peer with another count of free bytes. */
  public Peer withFreeBytes(long bytes) {
    return new Peer(deviceId, address, site, subnet, bytes, live);
  }
}
