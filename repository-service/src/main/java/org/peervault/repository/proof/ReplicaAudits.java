package org.peervault.repository.proof;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.peervault.repository.catalog.Chunk;
import org.peervault.repository.catalog.ChallengesOffered;
import org.peervault.repository.device.Organization;
import org.peervault.repository.repair.PeerTask;
import org.peervault.repository.repair.PeerTaskFinished;
import org.peervault.repository.repair.PeerTaskStore;

/**
 * Replica audits (see the package terms): keeps the challenges uploads bring, issues audits to
 * random holders as AUDIT peer tasks, judges their answers as they are reported, and judges the
 * audits left unanswered. A verdict is recorded once: a second report of the same task, or a
 * proof replayed from an earlier audit (another nonce), cannot turn a verdict around.
 */
@ApplicationScoped
public class ReplicaAudits {
  /** The reason of the AUDIT tasks. */
  public static final String REASON = "audit";
  private static final Logger LOG = Logger.getLogger(ReplicaAudits.class);

  @Inject
  AuditStore store;

  @Inject
  PeerTaskStore tasks;

  @Inject
  AuditConfig config;

  /** Keeps the challenges of newly recorded chunks, inside the confirming transaction. */
  void onChallenges(@Observes ChallengesOffered offered) {
    int added = store.addChallenges(offered.challengesByChunk());
    LOG.debugf("audits: challenges stored chunks=%d challenges=%d",
        offered.challengesByChunk().size(), added);
  }

  /**
   * Issues up to {@code peervault.audit.replicas-per-run} audits in the organization, so every
   * organization is audited at the same pace whatever its size; returns how many.
   */
  @Transactional
  public int issue(long organizationId, Instant now) {
    List<PeerTask.New> orders = new ArrayList<>();
    for (AuditStore.Pick pick : store.pick(organizationId, now.minus(config.seenWithin()),
        config.replicasPerRun())) {
      Optional<AuditStore.Claimed> challenge = store.claim(pick.chunkId(), now);
      if (challenge.isEmpty()) {
        continue;
      }
      store.open(challenge.get().challengeId(), pick, now);
      orders.add(new PeerTask.New(pick.organizationId(), pick.deviceId(), PeerTask.Kind.AUDIT,
          pick.chunkId(), REASON, pick.storedSizeBytes(), challenge.get().nonce()));
    }
    tasks.insert(orders, now);
    store.linkTasks();
    if (!orders.isEmpty()) {
      LOG.infof("audits: issued organization=%d audits=%d", organizationId, orders.size());
    }
    return orders.size();
  }

  /** Judges a reported AUDIT task, inside the reporting transaction. */
  void onFinished(@Observes PeerTaskFinished event) {
    PeerTask task = event.task();
    if (task.kind() != PeerTask.Kind.AUDIT) {
      return;
    }
    Optional<AuditStore.Pending> pending = store.pendingFor(task.id());
    if (pending.isEmpty()) {
      return;
    }
    AuditStore.Pending audit = pending.get();
    Verdict verdict = Verdict.judge(audit.digest(), event.report().done(),
        event.report().proof());
    record(audit.challengeId(), audit.chunkId(), audit.deviceId(), verdict,
        event.report().detail(), Instant.now());
  }

  /**
   * Judges the audits left unanswered: MISSED (fetched, lease over: the task is closed so a late
   * answer no longer counts) and CANCELLED (never fetched). Returns how many were judged.
   */
  @Transactional
  public int sweep(Instant now) {
    int judged = 0;
    for (AuditStore.Overdue o : store.overdue(now)) {
      if (o.taskOpen()) {
        tasks.finish(o.taskId(), PeerTask.State.FAILED, "audit: no answer within the lease",
            null, now);
      }
      record(o.challengeId(), o.chunkId(), o.deviceId(), Verdict.MISSED, "no answer", now);
      judged++;
    }
    for (long[] unfetched : store.unfetched(now.minus(config.unfetchedTimeout()))) {
      tasks.finish(unfetched[1], PeerTask.State.FAILED, "audit: the peer never fetched it",
          null, now);
      store.judge(unfetched[0], Verdict.CANCELLED, now);
      judged++;
    }
    return judged;
  }

  /** Every organization's id. */
  @Transactional
  public List<Long> organizations() {
    return Organization.<Organization>listAll().stream().map(o -> o.id).toList();
  }

  private void record(long challengeId, String chunkId, long deviceId, Verdict verdict,
      String detail, Instant now) {
    if (!store.judge(challengeId, verdict, now)) {
      return;
    }
    if (verdict == Verdict.PASSED) {
      store.verified(chunkId, deviceId, now);
      LOG.debugf("audits: passed device=%d chunk=%s", deviceId, Chunk.shortId(chunkId));
      return;
    }
    boolean lost = store.markLost(chunkId, deviceId);
    LOG.warnf("audits: %s device=%d chunk=%s replicaLost=%s detail=\"%s\"", verdict.name(),
        deviceId, Chunk.shortId(chunkId), lost, detail == null ? "" : detail);
  }
}
