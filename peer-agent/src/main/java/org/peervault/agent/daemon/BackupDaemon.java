package org.peervault.agent.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs backups on a schedule until stopped: waits for the {@link Schedule}'s next time (a catch-up
 * run first if one was missed), runs the job, records each success in the {@link RunRecord}, and
 * after a failure tries again after the schedule's retry delay. The schedule is asked for anew
 * before each wait, so a changed policy applies from the next run. {@link #close} stops waiting at
 * once and interrupts a running job. One background thread.
 */
public final class BackupDaemon implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BackupDaemon.class.getName());

  /** One scheduled backup; throwing means it failed and is retried. */
  @FunctionalInterface
  public interface Job {
    void run() throws Exception;
  }

  private final Supplier<Schedule> schedule;
  private final RunRecord record;
  private final Job job;
  private final Clock clock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Random random = new Random();
  private final Thread thread;

  private BackupDaemon(Supplier<Schedule> schedule, RunRecord record, Job job, Clock clock) {
    this.schedule = schedule;
    this.record = record;
    this.job = job;
    this.clock = clock;
    this.thread = new Thread(this::loop, "backup-daemon");
    this.thread.setDaemon(true);
  }

  /** Starts the schedule loop; {@code schedule} is asked before each run. */
  public static BackupDaemon start(Supplier<Schedule> schedule, RunRecord record, Job job) {
    BackupDaemon daemon = new BackupDaemon(schedule, record, job, Clock.systemUTC());
    daemon.thread.start();
    return daemon;
  }

  private void loop() {
    Instant retryAt = null;
    while (stop.getCount() > 0) {
      Schedule current;
      try {
        current = schedule.get();
      } catch (RuntimeException e) {
        LOG.warning(() -> "event=schedule_unavailable reason=\"" + e.getMessage() + "\" effect=\"retry in 1 min\"");
        if (await(Duration.ofMinutes(1))) {
          return;
        }
        continue;
      }
      Instant now = clock.instant();
      Instant next = retryAt != null ? retryAt : current.next(record.lastSuccess(), now, random);
      LOG.info(() -> "event=backup_scheduled at=" + next + " interval=" + current.interval());
      if (await(Duration.between(now, next))) {
        return;
      }
      try {
        job.run();
        record.success(clock.instant());
        retryAt = null;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        retryAt = clock.instant().plus(current.retryDelay());
        Instant retry = retryAt;
        LOG.warning(() -> "event=scheduled_backup_failed reason=\"" + e.getMessage() + "\" retry_at=" + retry);
      }
    }
  }

  /** Waits; true when stopped meanwhile. */
  private boolean await(Duration wait) {
    try {
      return stop.await(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      return true;
    }
  }

  @Override
  public void close() {
    stop.countDown();
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
