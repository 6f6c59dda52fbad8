package org.peervault.agent.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UploadLimiterTest {
  @Test
  void sendingMoreThanTheRateWaitsForTheDifference() {
    AtomicLong clock = new AtomicLong();
    AtomicLong slept = new AtomicLong();
    UploadLimiter limiter = UploadLimiter.of(1_000_000, clock::get, nanos -> {
      slept.addAndGet(nanos);
      clock.addAndGet(nanos);
    });
    limiter.acquire(1_000_000);
    assertThat(slept.get()).isZero();
    for (int i = 0; i < 10; i++) {
      limiter.acquire(500_000);
    }
    // 5 MB beyond the first second's bucket at 1 MB/s: five seconds of waiting, in all.
    assertThat(slept.get()).isBetween(4_900_000_000L, 5_100_000_000L);
  }

  @Test
  void noLimitNeverWaits() {
    UploadLimiter limiter = UploadLimiter.of(0, () -> 0, nanos -> {
      throw new AssertionError("waited");
    });
    limiter.acquire(Long.MAX_VALUE / 2);
  }
}
