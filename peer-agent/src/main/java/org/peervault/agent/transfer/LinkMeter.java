package org.peervault.agent.transfer;

/**
 * Measures this machine's link to its peers from the chunk transfers it makes (stores to peers,
 * fetches from them): bytes moved over the time the transfers took, since the last reading. The
 * heartbeat reports the reading so the repository can count hours on a slow link as low
 * availability (paper 3.1.4). Transfers under {@value #MIN_SAMPLE_BYTES} bytes are left out:
 * their time is mostly round trips, not throughput. Thread-safe.
 */
public final class LinkMeter {
  /** Smallest transfer that counts. */
  public static final int MIN_SAMPLE_BYTES = 64 * 1024;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private long bytes;
  private long nanos;

  /** Records one transfer of {@code transferBytes} that took {@code elapsedNanos}. */
  public synchronized void record(long transferBytes, long elapsedNanos) {
    if (transferBytes >= MIN_SAMPLE_BYTES && elapsedNanos > 0) {
      bytes += transferBytes;
      nanos += elapsedNanos;
    }
  }

  /**
   * Bytes per second over the transfers recorded since the previous call (at least 1), or 0 when
   * none was; starts a new measurement.
   */
  public synchronized long takeBytesPerSecond() {
    if (nanos == 0) {
      return 0;
    }
    long rate = Math.max(1, (long) ((double) bytes * NANOS_PER_SECOND / nanos));
    bytes = 0;
    nanos = 0;
    return rate;
  }
}
