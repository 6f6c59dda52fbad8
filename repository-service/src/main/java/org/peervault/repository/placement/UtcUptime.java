package org.peervault.repository.placement;

import java.util.Arrays;

/**
 * A peer's uptime cycle re-indexed by hour of the UTC day, ready for the availability model:
 * for each UTC hour the probability {@code p} that the peer is up and its <b>cover</b>
 * {@code -ln(1 - p)}, so that the availability of several independent copies,
 * {@code 1 - prod(1 - p_i)}, is {@code 1 - exp(-sum cover_i)} (paper section 4). Cover is capped
 * at {@link #MAX_COVER} so that a peer certain to be up stays finite. Immutable, thread-safe;
 * built once per peer and shared by every chunk a placement call places.
 */
public final class UtcUptime {
  /** Cover of a peer certain to be up: {@code 1 - exp(-40)} is 1.0 in double precision. */
  public static final double MAX_COVER = 40.0;
  private static final int MINUTES_PER_HOUR = 60;
  private static final int MINUTES_PER_DAY = UptimeCycle.HOURS * MINUTES_PER_HOUR;

  private final double[] up = new double[UptimeCycle.HOURS];
  private final double[] cover = new double[UptimeCycle.HOURS];

  private UtcUptime(double[] upByUtcHour) {
    for (int h = 0; h < UptimeCycle.HOURS; h++) {
      up[h] = upByUtcHour[h];
      cover[h] = coverOf(upByUtcHour[h]);
    }
  }

  /**
   * The cycle of a peer whose local time is UTC + {@code utcOffsetMinutes}. A UTC hour takes the
   * probability of the local hour its middle falls in (offsets of half hours shift by one hour
   * at the half).
   */
  public static UtcUptime of(UptimeCycle local, int utcOffsetMinutes) {
    double[] byUtc = new double[UptimeCycle.HOURS];
    for (int h = 0; h < UptimeCycle.HOURS; h++) {
      int localMinute = Math.floorMod(h * MINUTES_PER_HOUR + MINUTES_PER_HOUR / 2 + utcOffsetMinutes,
          MINUTES_PER_DAY);
      byUtc[h] = local.at(localMinute / MINUTES_PER_HOUR);
    }
    return new UtcUptime(byUtc);
  }

  /** A cycle given directly by UTC hour (24 probabilities in [0, 1]). */
  public static UtcUptime ofUtc(double[] upByUtcHour) {
    if (upByUtcHour.length != UptimeCycle.HOURS) {
      throw new IllegalArgumentException("uptime: need " + UptimeCycle.HOURS
          + " hourly probabilities, got " + upByUtcHour.length);
    }
    for (double p : upByUtcHour) {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("uptime: probability " + p + " outside [0, 1]");
      }
    }
    return new UtcUptime(upByUtcHour);
  }

  /** {@code -ln(1 - p)}, capped at {@link #MAX_COVER}. */
  static double coverOf(double p) {
    return p >= 1.0 ? MAX_COVER : Math.min(MAX_COVER, -Math.log1p(-p));
  }

  /** Availability of copies whose covers add up to {@code cover}. */
  static double availabilityOf(double cover) {
    return -Math.expm1(-cover);
  }

  /** Probability the peer is up during hour {@code utcHour} (0 to 23) of the UTC day. */
  public double up(int utcHour) {
    return up[utcHour];
  }

  /** {@code -ln(1 - up(utcHour))}, capped. */
  public double cover(int utcHour) {
    return cover[utcHour];
  }

  /** The mean probability of being up over the whole day. */
  public double meanUp() {
    return Arrays.stream(up).average().orElse(0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UtcUptime other && Arrays.equals(up, other.up);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(up);
  }

  @Override
  public String toString() {
    return "UtcUptime" + Arrays.toString(up);
  }
}
