package org.peervault.repository.proof;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.peervault.repository.JobLock;

/**
 * Runs the audits on schedule ({@code peervault.audit.interval}), on one instance at a time:
 * judges what went unanswered, then issues new audits.
 */
@ApplicationScoped
public class ReplicaAuditJob {
  /** The advisory lock the audit job holds while it runs. */
  public static final long LOCK_KEY = 0x7076_6175L; // "pvau"
  private static final Logger LOG = Logger.getLogger(ReplicaAuditJob.class);

  @Inject
  ReplicaAudits audits;

  @Inject
  JobLock lock;

  @Inject
  AuditConfig config;

  /** One run: returns the audits judged and issued, or -1 when another instance was running. */
  public int runOnce(Instant now) {
    return lock.runExclusively(LOCK_KEY, () -> {
      int judged = audits.sweep(now);
      int issued = 0;
      for (long organizationId : audits.organizations()) {
        issued += audits.issue(organizationId, now);
      }
      LOG.infof("audits: run finished judged=%d issued=%d", judged, issued);
      return judged + issued;
    }).orElse(-1);
  }

  @Scheduled(every = "${peervault.audit.interval:10m}", delayed = "${peervault.audit.interval:10m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (config.enabled()) {
      runOnce(Instant.now());
    }
  }
}
