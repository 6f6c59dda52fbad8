package org.peervault.repository.repair;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.device.Caller;

/**
 * The peer task channel, repository side: hands a device its open tasks under a lease (with its
 * heartbeat) and records what it reports, idempotently. What a finished task means is up to the
 * observers of {@link PeerTaskFinished}.
 */
@ApplicationScoped
public class PeerTasks {
  private static final Logger LOG = Logger.getLogger(PeerTasks.class);
  /** Most results in one report. */
  public static final int MAX_REPORT = 1000;
  /** Longest detail line kept from a report. */
  public static final int MAX_DETAIL_CHARS = 1000;

  @Inject
  PeerTaskStore store;

  @Inject
  RepairStore repairStore;

  @Inject
  RepairConfig config;

  @Inject
  ReplicationPolicy replication;

  @Inject
  Event<PeerTaskFinished> finished;

  /** A peer to copy a chunk from. */
  public record Source(long deviceId, String address) {}

  /**
   * A task handed out.
   *
   * @param sources COPY: peers holding a replica, reachable now, the most recently seen first
   */
  public record Issued(PeerTask task, List<Source> sources) {}

  /**
   * Leases the caller's open tasks: pending ones, and those whose lease ended unreported (a new
   * attempt); a task past its last attempt is given up as failed. A copy with no reachable source
   * is given up now rather than handed out.
   */
  @Transactional
  public List<Issued> lease(Caller caller) {
    Instant now = Instant.now();
    int exhausted = store.failExhausted(caller.deviceId(), now, config.maxAttempts());
    List<PeerTask> leased = store.lease(caller.deviceId(), now, now.plus(config.taskLease()),
        config.tasksPerHeartbeat());
    if (exhausted > 0) {
      LOG.infof("tasks: given up device=%d tasks=%d reason=lease-ended-%d-times",
          caller.deviceId(), exhausted, config.maxAttempts());
    }
    if (leased.isEmpty()) {
      return List.of();
    }
    Map<String, List<Source>> sources = sources(caller.deviceId(), leased, now);
    List<Issued> issued = new ArrayList<>(leased.size());
    for (PeerTask task : leased) {
      List<Source> from = sources.getOrDefault(task.chunkId(), List.of());
      if (task.kind() == PeerTask.Kind.COPY && from.isEmpty()) {
        store.finish(task.id(), PeerTask.State.FAILED, "no reachable replica to copy from", null,
            now);
        LOG.infof("tasks: copy given up task=%d device=%d chunk=%s reason=no-source", task.id(),
            caller.deviceId(), shortId(task.chunkId()));
        continue;
      }
      issued.add(new Issued(task, task.kind() == PeerTask.Kind.COPY ? from : List.of()));
    }
    LOG.debugf("tasks: leased device=%d tasks=%d", caller.deviceId(), issued.size());
    return issued;
  }

  private Map<String, List<Source>> sources(long deviceId, List<PeerTask> tasks, Instant now) {
    Set<String> copied = new HashSet<>();
    tasks.stream().filter(t -> t.kind() == PeerTask.Kind.COPY).forEach(t -> copied.add(t.chunkId()));
    if (copied.isEmpty()) {
      return Map.of();
    }
    Instant graceCutoff = now.minus(config.grace());
    Instant reachable = now.minus(replication.liveWindow());
    Map<String, List<RepairStore.ReplicaRow>> rows = new HashMap<>();
    for (RepairStore.ReplicaRow row : repairStore.replicas(copied)) {
      if (row.facts().deviceId() != deviceId && ChunkTriage.survives(row.facts(), graceCutoff)
          && !row.facts().lastSeenAt().isBefore(reachable)) {
        rows.computeIfAbsent(row.chunkId(), k -> new ArrayList<>()).add(row);
      }
    }
    Map<String, List<Source>> result = new HashMap<>();
    rows.forEach((chunk, list) -> result.put(chunk, list.stream()
        .sorted(Comparator.comparing((RepairStore.ReplicaRow r) -> r.facts().lastSeenAt()).reversed())
        .map(r -> new Source(r.facts().deviceId(), r.address())).toList()));
    return result;
  }

  /**
   * Records the caller's task results. A result for a task already finished is acknowledged and
   * changes nothing, so a report may be retried.
   *
   * @return results recorded by this call
   * @throws PeerVaultException INVALID_ARGUMENT for a malformed report, NOT_FOUND when a task is
   *     not the caller's; then nothing is recorded
   */
  @Transactional
  public int report(Caller caller, List<TaskReport> reports) {
    check(reports);
    if (reports.isEmpty()) {
      return 0;
    }
    Map<Long, PeerTask> tasks = store.lockByIds(reports.stream().map(TaskReport::taskId).toList());
    for (TaskReport r : reports) {
      PeerTask task = tasks.get(r.taskId());
      if (task == null || task.deviceId() != caller.deviceId()) {
        throw PeerVaultException.notFound("task-not-found", "tasks: task " + r.taskId()
            + " is not a task of device " + caller.deviceId() + "; report only tasks handed"
            + " to this device with its heartbeats");
      }
      if (r.attempt() < 1 || r.attempt() > task.attempts()) {
        throw PeerVaultException.invalid("task-attempt-unknown", "tasks: task " + r.taskId()
            + " was handed out " + task.attempts() + " time(s), not as attempt " + r.attempt());
      }
    }
    Instant now = Instant.now();
    int recorded = 0;
    for (TaskReport r : reports) {
      PeerTask task = tasks.get(r.taskId());
      String detail = r.detail() == null ? "" : r.detail().replaceAll("\\p{Cntrl}", " ");
      if (task.state().finished() || !store.finish(task.id(),
          r.done() ? PeerTask.State.DONE : PeerTask.State.FAILED, detail,
          task.kind() == PeerTask.Kind.DELETE ? r.freedBytes() : null, now)) {
        continue;
      }
      finished.fire(new PeerTaskFinished(task, r));
      recorded++;
      LOG.debugf("tasks: reported task=%d kind=%s device=%d chunk=%s done=%s detail=\"%s\"",
          task.id(), task.kind(), caller.deviceId(), shortId(task.chunkId()), r.done(), detail);
    }
    LOG.infof("tasks: report device=%d results=%d recorded=%d", caller.deviceId(),
        reports.size(), recorded);
    return recorded;
  }

  private static void check(List<TaskReport> reports) {
    if (reports.size() > MAX_REPORT) {
      throw PeerVaultException.invalid("report-too-large", "tasks: at most " + MAX_REPORT
          + " results per report, got " + reports.size() + "; split the report");
    }
    Set<Long> ids = new HashSet<>();
    for (TaskReport r : reports) {
      if (!ids.add(r.taskId())) {
        throw PeerVaultException.invalid("invalid-task-report", "tasks: task " + r.taskId()
            + " appears twice in one report");
      }
      if (r.freedBytes() < 0 || r.usedBytes() < 0) {
        throw PeerVaultException.invalid("invalid-task-report", "tasks: task " + r.taskId()
            + " reports negative bytes");
      }
      if (r.detail() != null && r.detail().length() > MAX_DETAIL_CHARS) {
        throw PeerVaultException.invalid("invalid-task-report", "tasks: the detail of task "
            + r.taskId() + " has " + r.detail().length() + " characters, at most "
            + MAX_DETAIL_CHARS);
      }
    }
  }

  static String shortId(String chunkId) {
    return chunkId.length() > 12 ? chunkId.substring(0, 12) : chunkId;
  }
}
