package org.peervault.repository.repair;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.peervault.repository.device.Organization;

/**
 * The repair job: every {@code peervault.repair.interval}, in one instance of the service at a
 * time ({@link RepairLock}), a {@link Repair} pass over each organization, sharing the run's copy
 * budget. An organization whose pass fails is logged and left for the next run. Also runs on
 * demand (admin API). Keeps the last report of each organization seen by this instance.
 */
@ApplicationScoped
public class RepairJob {
  private static final Logger LOG = Logger.getLogger(RepairJob.class);

  @Inject
  RepairLock lock;

  @Inject
  Repair repair;

  @Inject
  RepairConfig config;

  private final Map<Long, RepairReport> last = new ConcurrentHashMap<>();

  void logConfig(@Observes StartupEvent event) {
    LOG.infof("config: peervault.repair.enabled=%s peervault.repair.interval=%s"
        + " peervault.repair.grace=%s peervault.repair.copies-per-run=%d"
        + " peervault.repair.bytes-per-minute=%d peervault.repair.chunks-per-run=%d"
        + " peervault.repair.task-lease=%s peervault.repair.max-attempts=%d"
        + " peervault.repair.tasks-per-heartbeat=%d peervault.repair.failed-target-pause=%s",
        config.enabled(), config.interval(), config.grace(), config.copiesPerRun(),
        config.bytesPerMinute(), config.chunksPerRun(), config.taskLease(), config.maxAttempts(),
        config.tasksPerHeartbeat(), config.failedTargetPause());
  }

  @Scheduled(every = "${peervault.repair.interval}", delayed = "${peervault.repair.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
  void scheduled() {
    Optional<List<RepairReport>> run = runAll();
    if (run.isEmpty()) {
      LOG.debug("repair: skipped, another instance is running it");
    }
  }

  /** One run over every organization; empty when another run holds the lock. */
  public Optional<List<RepairReport>> runAll() {
    return lock.tryRun(() -> {
      Repair.Budget budget = new Repair.Budget(config.copiesPerRun());
      List<Long> organizations = QuarkusTransaction.requiringNew().call(() ->
          Organization.<Organization>listAll().stream().map(o -> o.id).toList());
      List<RepairReport> reports = new ArrayList<>();
      for (long organization : organizations) {
        try {
          reports.add(pass(organization, budget));
        } catch (RuntimeException e) {
          LOG.errorf(e, "repair: pass failed organization=%d; retried next run", organization);
        }
      }
      return reports;
    });
  }

  /** One run over one organization; empty when another run holds the lock. */
  public Optional<RepairReport> run(long organizationId) {
    return lock.tryRun(() -> pass(organizationId, new Repair.Budget(config.copiesPerRun())));
  }

  /** The last report of the organization's runs in this instance, if any. */
  public Optional<RepairReport> lastReport(long organizationId) {
    return Optional.ofNullable(last.get(organizationId));
  }

  private RepairReport pass(long organizationId, Repair.Budget budget) {
    RepairReport report = QuarkusTransaction.requiringNew().call(() ->
        repair.pass(organizationId, Instant.now(), budget));
    last.put(organizationId, report);
    return report;
  }

  /** Skips scheduled runs when {@code peervault.repair.enabled} is false. */
  @Singleton
  public static class Disabled implements Scheduled.SkipPredicate {
    @Inject
    RepairConfig config;

    @Override
    public boolean test(ScheduledExecution execution) {
      return !config.enabled();
    }
  }
}
