package org.peervault.agent.backup;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket on bytes sent: {@code bytesPerSecond} tokens accrue continuously, up to one
 * second's worth; {@link #acquire} takes {@code n} tokens, waiting until they exist (a request
 * larger than the bucket waits for the debt to be paid off). Thread-safe; waiters are served in
 * turn because the bucket may go negative.
 */
final class UploadLimiter {
  /** Waits a given number of nanoseconds; tests pass a fake that advances their clock. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final long bytesPerSecond;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private double tokens;
  private long last;

  private UploadLimiter(long bytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    this.bytesPerSecond = bytesPerSecond;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
    this.tokens = bytesPerSecond;
    this.last = nanoClock.getAsLong();
  }

  /** A limiter of {@code bytesPerSecond}, or one that never waits when it is 0. */
  static UploadLimiter of(long bytesPerSecond) {
    return of(bytesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  static UploadLimiter of(long bytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    return new UploadLimiter(bytesPerSecond, nanoClock, sleeper);
  }

  /** Takes {@code bytes} tokens, sleeping until the bucket can pay for them. */
  void acquire(long bytes) {
    if (bytesPerSecond == 0 || bytes <= 0) {
      return;
    }
    long waitNanos;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      tokens = Math.min(bytesPerSecond, tokens + (now - last) / 1e9 * bytesPerSecond);
      last = now;
      tokens -= bytes;
      waitNanos = tokens >= 0 ? 0 : (long) (-tokens / bytesPerSecond * 1e9);
    }
    if (waitNanos > 0) {
      try {
        sleeper.sleep(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("backup interrupted while waiting for upload bandwidth", e);
      }
    }
  }
}
