package org.peervault.repository.repair;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.peervault.repository.catalog.Replica;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.device.Device;

/** Where repair stands in an organization, for admins: read-only, from the database. */
@ApplicationScoped
public class RepairStatus {
  private static final int SAMPLE = 20;

  @Inject
  RepairConfig config;

  @Inject
  RepairStore store;

  @Inject
  PeerTaskStore tasks;

  @Inject
  ReplicationPolicy replication;

  @Inject
  RepairJob job;

  /** Tasks of one kind by state. */
  public record TaskCounts(long pending, long leased, long done, long failed) {
    static TaskCounts of(Map<PeerTask.State, Long> byState) {
      return new TaskCounts(byState.get(PeerTask.State.PENDING), byState.get(PeerTask.State.LEASED),
          byState.get(PeerTask.State.DONE), byState.get(PeerTask.State.FAILED));
    }
  }

  /**
   * A peer being drained or retired.
   *
   * @param replicasLeft DRAINING: replicas it still holds; RETIRED: replicas not yet deleted
   */
  public record Drain(long deviceId, String name, String peerState, Instant drainStartedAt,
      Instant retiredAt, long replicasLeft) {}

  /**
   * The repair status of an organization.
   *
   * @param graceSeconds the grace period ({@code peervault.repair.grace}), in seconds
   * @param chunksToExamine chunks with fewer healthy replicas than placement requires, or with a
   *     replica that no longer counts: what the next run examines
   * @param lastRun the last run this instance made for the organization; null if none
   */
  public record Status(long graceSeconds, long chunksToExamine, long unrecoverableChunks,
      List<String> unrecoverableSample, TaskCounts copies, TaskCounts deletes, TaskCounts audits,
      List<Drain> drains, RepairReport lastRun) {}

  /** The status of {@code organizationId} now. */
  @Transactional
  public Status of(long organizationId) {
    Instant cutoff = Instant.now().minus(config.grace());
    RepairStore.Unrecoverable lost = store.unrecoverable(organizationId, SAMPLE);
    Map<PeerTask.Kind, Map<PeerTask.State, Long>> counts = tasks.counts(organizationId);
    List<Drain> drains = Device.<Device>list("organization.id = ?1 and peerState <> ?2 order by id",
        organizationId, Device.PeerState.SERVING).stream().map(d -> {
          Map<Replica.State, Long> held = store.replicaCounts(d.id);
          Replica.State left = d.peerState == Device.PeerState.RETIRED
              ? Replica.State.RETIRED : Replica.State.CONFIRMED;
          return new Drain(d.id, d.name, d.peerState.name(), d.drainStartedAt, d.retiredAt,
              held.getOrDefault(left, 0L));
        }).toList();
    return new Status(config.grace().toSeconds(),
        store.countCandidates(organizationId, cutoff, replication.requiredReplicas()),
        lost.count(), lost.sample(), TaskCounts.of(counts.get(PeerTask.Kind.COPY)),
        TaskCounts.of(counts.get(PeerTask.Kind.DELETE)),
        TaskCounts.of(counts.get(PeerTask.Kind.AUDIT)), drains,
        job.lastReport(organizationId).orElse(null));
  }
}
