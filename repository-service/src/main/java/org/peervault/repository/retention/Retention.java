package org.peervault.repository.retention;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.peervault.repository.device.Organization;
import org.peervault.repository.policy.Policies;
import org.peervault.repository.retention.RetentionRule.SnapshotFate;
import org.peervault.repository.retention.VersionStore.Candidate;
import org.peervault.repository.retention.VersionStore.DeviceFacts;

/**
 * Retention and garbage collection, one organization at a time: expires file versions by the
 * device's policy ({@link RetentionRule}), then collects the chunks nothing references any more
 * and orders their holders to delete them ({@link ChunkCollector}). Each snapshot and each
 * collection step is a transaction of its own, so a run interrupted half-way leaves a consistent
 * catalog and the next run carries on. Devices with a pending restore request are left alone
 * until it is done.
 */
@ApplicationScoped
public class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class);
  private static final int PAGE = 5_000;

  @Inject
  VersionStore versions;

  @Inject
  CollectionStore collection;

  @Inject
  ChunkCollector collector;

  @Inject
  Policies policies;

  /** Runs retention over every organization; returns the sum of what was done. */
  public RetentionReport run(Instant now) {
    RetentionReport total = RetentionReport.NONE;
    for (long organizationId : QuarkusTransaction.requiringNew().call(
        () -> Organization.<Organization>listAll().stream().map(o -> o.id).toList())) {
      total = total.plus(run(organizationId, now));
    }
    return total;
  }

  /** Runs retention over one organization and records the run. */
  public RetentionReport run(long organizationId, Instant now) {
    long started = System.nanoTime();
    long runId = QuarkusTransaction.requiringNew().call(
        () -> collection.startRun(organizationId, now));
    RetentionReport expired = RetentionReport.NONE;
    for (DeviceFacts device : QuarkusTransaction.requiringNew().call(
        () -> versions.devicesWithSnapshots(organizationId))) {
      expired = expired.plus(expire(device, now));
    }
    RetentionReport report = expired.plus(collector.collect(organizationId, now));
    // Finished "now" plus the run's length: tasks it ordered carry times within the run.
    Instant finished = now.plusNanos(System.nanoTime() - started);
    QuarkusTransaction.requiringNew().run(() -> collection.finishRun(runId, finished, report));
    LOG.infof("retention: run finished run=%d organization=%d expiredVersions=%d"
        + " removedSnapshots=%d collectedChunks=%d orderedDeletes=%d", runId, organizationId,
        report.expiredVersions(), report.removedSnapshots(), report.collectedChunks(),
        report.orderedDeletes());
    return report;
  }

  private RetentionReport expire(DeviceFacts device, Instant now) {
    if (device.restorePending()) {
      LOG.infof("retention: skipped device=%d reason=\"a restore request from it is pending\"",
          device.deviceId());
      return RetentionReport.NONE;
    }
    RetentionRule rule = RetentionRule.of(policies.effective(device.organizationId(),
        device.deviceGroup()));
    RetentionReport report = RetentionReport.NONE;
    List<Candidate> candidates = QuarkusTransaction.requiringNew().call(() -> versions.candidates(
        device.deviceId(), device.newestSnapshotId(), rule.expiresBefore(now), Integer.MAX_VALUE));
    for (Candidate candidate : candidates) {
      SnapshotFate fate = rule.fate(candidate.takenAt(), false, now);
      if (fate != SnapshotFate.KEEP) {
        report = report.plus(QuarkusTransaction.requiringNew().call(
            () -> expire(candidate, fate, rule, now)));
      }
    }
    if (report.expiredVersions() > 0 || report.removedSnapshots() > 0) {
      LOG.infof("retention: expired device=%d versions=%d snapshots=%d", device.deviceId(),
          report.expiredVersions(), report.removedSnapshots());
    }
    return report;
  }

  private RetentionReport expire(Candidate snapshot, SnapshotFate fate, RetentionRule rule,
      Instant now) {
    versions.lock(snapshot.snapshotId());
    long removed = 0;
    if (fate == SnapshotFate.EXPIRE) {
      removed = versions.deleteVersionsOf(snapshot.snapshotId());
    } else {
      long after = 0;
      for (List<VersionStore.Version> page = versions.versions(snapshot.snapshotId(), after, PAGE);
          !page.isEmpty(); page = versions.versions(snapshot.snapshotId(), after, PAGE)) {
        List<Long> expired = new ArrayList<>();
        for (VersionStore.Version v : page) {
          if (rule.expired(v.path(), snapshot.takenAt(), now)) {
            expired.add(v.id());
          }
        }
        removed += expired.isEmpty() ? 0 : versions.deleteVersions(expired);
        after = page.get(page.size() - 1).id();
      }
    }
    boolean gone = versions.deleteIfEmpty(snapshot.snapshotId());
    LOG.debugf("retention: snapshot=%d fate=%s removedVersions=%d removed=%s",
        snapshot.snapshotId(), fate, removed, gone);
    return new RetentionReport(removed, gone ? 1 : 0, 0, 0);
  }
}
