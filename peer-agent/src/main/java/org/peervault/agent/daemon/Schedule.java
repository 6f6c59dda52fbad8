package org.peervault.agent.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When the next scheduled backup runs. Normally one {@code interval} after the last successful
 * backup, plus a random jitter of up to {@code jitterFraction} of the interval so a company's
 * laptops do not all start at once. When that time has already passed (the machine was off or
 * asleep), a catch-up run starts right away, after at most {@link #CATCH_UP_JITTER}. Immutable.
 *
 * @param interval time between backups (the policy's schedule)
 * @param jitterFraction 0..1, the share of the interval added at random
 */
public record Schedule(Duration interval, double jitterFraction) {
  /** The longest random delay before a catch-up run. */
  public static final Duration CATCH_UP_JITTER = Duration.ofMinutes(2);

  public Schedule {
    if (interval.isNegative() || interval.isZero() || jitterFraction < 0 || jitterFraction > 1) {
      throw new IllegalArgumentException("schedule: interval must be positive and jitter within 0..1, got "
          + interval + " and " + jitterFraction);
    }
  }

  /** The time of the next run, given the last successful one (empty: never) and now. */
  public Instant next(Optional<Instant> lastSuccess, Instant now, RandomGenerator random) {
    if (lastSuccess.isEmpty() || !lastSuccess.get().plus(interval).isAfter(now)) {
      long bound = Math.min(CATCH_UP_JITTER.toMillis(), (long) (interval.toMillis() * jitterFraction));
      return now.plusMillis(bound <= 0 ? 0 : random.nextLong(bound + 1));
    }
    long jitter = (long) (interval.toMillis() * jitterFraction);
    return lastSuccess.get().plus(interval).plusMillis(jitter <= 0 ? 0 : random.nextLong(jitter + 1));
  }

  /** How long to wait before trying again after a failed run: a tenth of the interval, 1 to 15 minutes. */
  public Duration retryDelay() {
    Duration tenth = interval.dividedBy(10);
    Duration min = Duration.ofMinutes(1).compareTo(interval) < 0 ? Duration.ofMinutes(1) : interval;
    return tenth.compareTo(min) < 0 ? min : tenth.compareTo(Duration.ofMinutes(15)) > 0 ? Duration.ofMinutes(15) : tenth;
  }
}
