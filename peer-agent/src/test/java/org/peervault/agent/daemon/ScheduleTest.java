package org.peervault.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final Schedule hourly = new Schedule(Duration.ofHours(1), 0.1);

  @Test
  void theNextRunIsOneIntervalAfterTheLastSuccessPlusJitter() {
    Instant last = NOW.minus(Duration.ofMinutes(20));
    for (int seed = 0; seed < 50; seed++) {
      Instant next = hourly.next(Optional.of(last), NOW, new Random(seed));
      assertThat(next).isBetween(last.plus(Duration.ofHours(1)), last.plus(Duration.ofMinutes(66)));
    }
  }

  @Test
  void aMissedRunOrNoRunYetCatchesUpAtOnce() {
    for (int seed = 0; seed < 50; seed++) {
      assertThat(hourly.next(Optional.of(NOW.minus(Duration.ofDays(3))), NOW, new Random(seed)))
          .isBetween(NOW, NOW.plus(Schedule.CATCH_UP_JITTER));
      assertThat(hourly.next(Optional.empty(), NOW, new Random(seed))).isBetween(NOW, NOW.plus(Schedule.CATCH_UP_JITTER));
    }
  }

  @Test
  void aFailedRunIsRetriedWithinBounds() {
    assertThat(hourly.retryDelay()).isEqualTo(Duration.ofMinutes(6));
    assertThat(new Schedule(Duration.ofDays(1), 0).retryDelay()).isEqualTo(Duration.ofMinutes(15));
    assertThat(new Schedule(Duration.ofSeconds(1), 0).retryDelay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void theDaemonCatchesUpRecordsSuccessAndKeepsGoing(@TempDir Path dir) throws Exception {
    RunRecord record = new RunRecord(dir);
    record.success(NOW.minus(Duration.ofDays(2)));
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch twice = new CountDownLatch(2);
    try (BackupDaemon daemon = BackupDaemon.start(() -> new Schedule(Duration.ofMillis(50), 0), record, () -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("peers offline");
      }
      twice.countDown();
    })) {
      assertThat(twice.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(runs.get()).isGreaterThanOrEqualTo(3);
    assertThat(record.lastSuccess()).get().matches(t -> t.isAfter(NOW.minus(Duration.ofDays(1))));
  }

  @Test
  void anUnreadableRunRecordMeansNeverRun(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(RunRecord.FILE), "last.success.millis=yesterday");
    assertThat(new RunRecord(dir).lastSuccess()).isEmpty();
  }
}
