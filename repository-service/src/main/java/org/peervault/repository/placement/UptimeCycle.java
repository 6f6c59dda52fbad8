package org.peervault.repository.placement;

import java.util.ArrayList;
import java.util.List;

/**
 * A peer's uptime cycle: for each hour of its local day (0 to 23), the probability that it is up
 * (paper 3.1.4). Immutable.
 *
 * <p>With fewer than {@value #MIN_SAMPLE_DAYS} days of hourly samples the cycle is the office-hours
 * default: 1.0 from 09:00 to 17:00 and 0.0 otherwise; with more, each hour's probability is the
 * share of that hour's samples that found the peer up, an hour on a slow link counting as up
 * only by the share of its heartbeats that were on a good link ({@link Availability} keeps the
 * samples of the last 30 days).
 *
 * @param hourly 24 probabilities in [0, 1], index = hour of the peer's local day
 */
public record UptimeCycle(List<Double> hourly) {
  /** Hours in a cycle. */
  public static final int HOURS = 24;
  /** Fewer days of samples than this give the office-hours default. */
  public static final int MIN_SAMPLE_DAYS = 7;
  private static final int OFFICE_START_HOUR = 9;
  private static final int OFFICE_END_HOUR = 17;

  public UptimeCycle {
    if (hourly.size() != HOURS) {
      throw new IllegalArgumentException("uptime cycle: need " + HOURS + " hourly probabilities,"
          + " got " + hourly.size());
    }
    for (double p : hourly) {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("uptime cycle: probability " + p + " outside [0, 1]");
      }
    }
    hourly = List.copyOf(hourly);
  }

  /** The default cycle: up from 09:00 to 17:00, down otherwise (paper 3.1.4). */
  public static UptimeCycle officeHours() {
    List<Double> h = new ArrayList<>(HOURS);
    for (int hour = 0; hour < HOURS; hour++) {
      h.add(hour >= OFFICE_START_HOUR && hour < OFFICE_END_HOUR ? 1.0 : 0.0);
    }
    return new UptimeCycle(h);
  }

  /**
   * The cycle estimated from hourly samples.
   *
   * @param sampleDays over how many days samples were taken
   * @param upSamples per hour of day, how many samples found the peer up (24 entries); a sample
   *     on a slow link adds less than 1
   * @param allSamples per hour of day, how many samples were taken (24 entries)
   */
  public static UptimeCycle estimate(int sampleDays, double[] upSamples, int[] allSamples) {
    // paper 3.1.4: 09:00-17:00 default when fewer than 7 days of samples
    if (sampleDays < MIN_SAMPLE_DAYS) {
      return officeHours();
    }
    if (upSamples.length != HOURS || allSamples.length != HOURS) {
      throw new IllegalArgumentException("uptime cycle: need " + HOURS + " hourly sample counts");
    }
    List<Double> h = new ArrayList<>(HOURS);
    for (int hour = 0; hour < HOURS; hour++) {
      int all = allSamples[hour];
      if (!(upSamples[hour] >= 0 && upSamples[hour] <= all + 1e-9)) {
        throw new IllegalArgumentException("uptime cycle: hour " + hour + " has " + upSamples[hour]
            + " up samples of " + all);
      }
      h.add(all == 0 ? 0.0 : Math.min(1.0, upSamples[hour] / all));
    }
    return new UptimeCycle(h);
  }

  /** The probability the peer is up at {@code hour} (0 to 23) of its local day. */
  public double at(int hour) {
    return hourly.get(hour);
  }
}
