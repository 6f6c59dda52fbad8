package org.peervault.repository.retention;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.peervault.repository.JobLock;

/**
 * Runs retention and garbage collection on schedule ({@code peervault.retention.interval}), on
 * one instance at a time, and logs one summary line per run.
 */
@ApplicationScoped
public class RetentionJob {
  /** The advisory lock the retention job holds while it runs. */
  public static final long LOCK_KEY = 0x7076_7274L; // "pvrt"
  private static final Logger LOG = Logger.getLogger(RetentionJob.class);

  @Inject
  Retention retention;

  @Inject
  JobLock lock;

  @Inject
  RetentionConfig config;

  /** One run over every organization; empty when another instance was running it. */
  public Optional<RetentionReport> runOnce(Instant now) {
    Optional<RetentionReport> report = lock.runExclusively(LOCK_KEY, () -> retention.run(now));
    report.ifPresentOrElse(r -> LOG.infof("retention: run finished expiredVersions=%d"
        + " removedSnapshots=%d collectedChunks=%d orderedDeletes=%d", r.expiredVersions(),
        r.removedSnapshots(), r.collectedChunks(), r.orderedDeletes()),
        () -> LOG.info("retention: run skipped reason=\"another instance is running it\""));
    return report;
  }

  @Scheduled(every = "${peervault.retention.interval:6h}",
      delayed = "${peervault.retention.interval:6h}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (config.enabled()) {
      runOnce(Instant.now());
    }
  }
}
