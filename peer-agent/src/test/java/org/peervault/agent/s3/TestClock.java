package org.peervault.agent.s3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock moved by an offset a test sets (to show skew and expiry); clocks made by
 * {@link #withZone} share the offset. Thread-safe.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Duration> offset;
  private final ZoneId zone;

  public TestClock() {
    this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
  }

  private TestClock(AtomicReference<Duration> offset, ZoneId zone) {
    this.offset = offset;
    this.zone = zone;
  }

  /** Moves the clock by {@code shift} from the system's time. */
  public void shift(Duration shift) {
    offset.set(shift);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(offset, zone); // the same shifted time, seen in another zone
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }
}
