package org.peervault.repository.repair;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.DeviceStore;
import org.peervault.repository.placement.Peer;
import org.peervault.repository.placement.PlacementService;

/**
 * One repair pass over one organization (see the package terms): forgets unrecoverable chunks
 * that came back, finds chunks that may be short of replicas, asks {@link ChunkTriage} what each
 * needs, orders copies within the rate limits, records chunks with no surviving replica, and
 * retires draining peers whose every chunk is back at target. Runs in one transaction.
 */
@ApplicationScoped
public class Repair {
  private static final Logger LOG = Logger.getLogger(Repair.class);
  private static final int BATCH = 500;
  private static final int SAMPLE = 10;

  @Inject
  RepairConfig config;

  @Inject
  RepairStore store;

  @Inject
  PeerTaskStore tasks;

  @Inject
  PlacementService placement;

  @Inject
  ReplicationPolicy replication;

  @Inject
  DeviceStore devices;

  @Inject
  Drains drains;

  /** Copies a run may still order, shared by the organizations of one run. */
  static final class Budget {
    private int copiesLeft;

    Budget(int copies) {
      this.copiesLeft = copies;
    }
  }

  /** What a pass knows of the organization's peers, and what it has promised them so far. */
  private record Fleet(ChunkTriage triage, List<Peer> peers, Set<Long> reachable,
      Map<Long, Device> byId, Map<Long, Long> promised) {}

  /** Counts of one pass. */
  private static final class Tally {
    int belowTarget;
    int ordered;
    int copying;
    int waiting;
    int unplaceable;
    int throttled;
    long windowBytes;
    final List<String> unrecoverable = new ArrayList<>();
  }

  /** Runs one pass over the organization at {@code now}. */
  @Transactional
  public RepairReport pass(long organizationId, Instant now, Budget budget) {
    Instant cutoff = now.minus(config.grace());
    List<String> recovered = store.forgetRecovered(organizationId, cutoff);
    recovered.forEach(id -> LOG.infof("repair: chunk=%s has a surviving replica again",
        PeerTasks.shortId(id)));
    List<RepairStore.Candidate> candidates = store.candidates(organizationId, cutoff,
        replication.requiredReplicas(), config.chunksPerRun());
    Fleet fleet = fleet(organizationId, now);
    Tally tally = new Tally();
    tally.windowBytes = tasks.copyBytesSince(organizationId, now.minus(Duration.ofMinutes(1)));
    for (int from = 0; from < candidates.size(); from += BATCH) {
      List<RepairStore.Candidate> batch = candidates.subList(from,
          Math.min(candidates.size(), from + BATCH));
      judge(fleet, batch, now).forEach((chunk, verdict) ->
          act(organizationId, chunk, verdict, fleet, budget, tally, now));
    }
    int lost = tally.unrecoverable.isEmpty() ? 0
        : store.markUnrecoverable(organizationId, tally.unrecoverable, now);
    if (!tally.unrecoverable.isEmpty()) {
      tasks.failOpenCopies(tally.unrecoverable, "no surviving replica", now);
      LOG.warnf("repair: unrecoverable organization=%d chunks=%d first=%s: no surviving"
          + " replica; restores of files using them will fail", organizationId, lost,
          tally.unrecoverable.stream().limit(SAMPLE).map(PeerTasks::shortId).toList());
    }
    List<Long> retired = new ArrayList<>();
    for (Device d : fleet.byId().values()) {
      if (d.peerState == Device.PeerState.DRAINING && drained(fleet, d, now)) {
        drains.retire(d, now);
        retired.add(d.id);
      }
    }
    RepairReport report = new RepairReport(organizationId, now, Instant.now(), candidates.size(),
        tally.belowTarget, tally.ordered, tally.copying, tally.waiting, tally.unplaceable,
        tally.throttled, lost, recovered.size(), retired,
        tally.unrecoverable.stream().limit(SAMPLE).toList());
    LOG.infof("repair: pass organization=%d examined=%d belowTarget=%d copiesOrdered=%d"
        + " copying=%d waitingForSource=%d unplaceable=%d throttled=%d unrecoverable=%d"
        + " recovered=%d retired=%s", organizationId, report.examined(), report.belowTarget(),
        report.copiesOrdered(), report.copying(), report.waitingForSource(),
        report.unplaceable(), report.throttled(), lost, recovered.size(), retired);
    return report;
  }

  private Fleet fleet(long organizationId, Instant now) {
    ChunkTriage triage = new ChunkTriage(placement.placer(), now, config.grace(),
        replication.liveWindow(), placement.ownerNeeds(organizationId, now));
    List<Peer> peers = placement.peers(organizationId, now, Set.of(), config.grace());
    Map<Long, Device> byId = new LinkedHashMap<>();
    devices.listActive(organizationId).forEach(d -> byId.put(d.id, d));
    Set<Long> reachable = byId.values().stream()
        .filter(d -> d.isLive(now, replication.liveWindow())).map(d -> d.id)
        .collect(Collectors.toSet());
    return new Fleet(triage, peers, reachable, byId, new HashMap<>());
  }

  /** The verdict on each chunk of the batch, in batch order. */
  private Map<RepairStore.Candidate, ChunkTriage.Verdict> judge(Fleet fleet,
      List<RepairStore.Candidate> batch, Instant now) {
    List<String> ids = batch.stream().map(RepairStore.Candidate::chunkId).toList();
    Map<String, List<ChunkTriage.ReplicaFacts>> replicas = new HashMap<>();
    store.replicas(ids).forEach(r -> replicas.computeIfAbsent(r.chunkId(), k -> new ArrayList<>())
        .add(r.facts()));
    Map<String, Set<Long>> owners = store.owners(ids);
    Map<String, Set<Long>> copying = tasks.openCopyTargets(ids);
    Map<String, Set<Long>> failed = tasks.failedCopyTargets(ids,
        now.minus(config.failedTargetPause()));
    Map<RepairStore.Candidate, ChunkTriage.Verdict> verdicts = new LinkedHashMap<>();
    for (RepairStore.Candidate c : batch) {
      List<Peer> peers = fleet.peers().stream().map(p -> p.withFreeBytes(p.freeBytes()
          - fleet.promised().getOrDefault(p.deviceId(), 0L))).toList();
      verdicts.put(c, fleet.triage().judge(new ChunkTriage.Situation(c.chunkId(),
          c.storedSizeBytes(), replicas.getOrDefault(c.chunkId(), List.of()),
          owners.getOrDefault(c.chunkId(), Set.of()), copying.getOrDefault(c.chunkId(), Set.of()),
          failed.getOrDefault(c.chunkId(), Set.of())), peers, fleet.reachable()));
    }
    return verdicts;
  }

  private void act(long organizationId, RepairStore.Candidate chunk, ChunkTriage.Verdict verdict,
      Fleet fleet, Budget budget, Tally tally, Instant now) {
    switch (verdict.outcome()) {
      case HEALTHY -> { }
      case UNRECOVERABLE -> tally.unrecoverable.add(chunk.chunkId());
      case COPYING -> {
        tally.belowTarget++;
        tally.copying++;
      }
      case NO_SOURCE_NOW -> {
        tally.belowTarget++;
        tally.waiting++;
      }
      case UNPLACEABLE -> {
        tally.belowTarget++;
        tally.unplaceable++;
        LOG.debugf("repair: unplaceable chunk=%s reason=\"%s\"",
            PeerTasks.shortId(chunk.chunkId()), verdict.detail());
      }
      case COPY -> {
        tally.belowTarget++;
        order(organizationId, chunk, verdict, fleet, budget, tally, now);
      }
    }
  }

  private void order(long organizationId, RepairStore.Candidate chunk,
      ChunkTriage.Verdict verdict, Fleet fleet, Budget budget, Tally tally, Instant now) {
    int copies = verdict.targets().size();
    long bytes = chunk.storedSizeBytes() * copies;
    if (budget.copiesLeft < copies || tally.windowBytes + bytes > config.bytesPerMinute()) {
      tally.throttled++;
      return;
    }
    boolean draining = verdict.sources().stream().map(fleet.byId()::get)
        .anyMatch(d -> d != null && d.peerState == Device.PeerState.DRAINING);
    Map<Long, Long> reserve = new HashMap<>();
    List<PeerTask.New> orders = new ArrayList<>();
    for (Peer target : verdict.targets()) {
      orders.add(PeerTask.New.copy(organizationId, target.deviceId(), chunk.chunkId(),
          draining ? "drain" : "repair", chunk.storedSizeBytes()));
      reserve.put(target.deviceId(), chunk.storedSizeBytes());
      fleet.promised().merge(target.deviceId(), chunk.storedSizeBytes(), Long::sum);
    }
    tasks.insert(orders, now);
    placement.reserve(chunk.chunkId(), reserve, now);
    budget.copiesLeft -= copies;
    tally.windowBytes += bytes;
    tally.ordered += copies;
    LOG.debugf("repair: ordered chunk=%s targets=%s sources=%s", PeerTasks.shortId(chunk.chunkId()),
        reserve.keySet(), verdict.sources());
  }

  /** Whether every chunk the draining peer holds is at target without it (or lost anyway). */
  private boolean drained(Fleet fleet, Device device, Instant now) {
    String after = "";
    while (true) {
      List<RepairStore.Candidate> batch = store.confirmedOn(device.id, after, BATCH);
      if (batch.isEmpty()) {
        return true;
      }
      for (ChunkTriage.Verdict v : judge(fleet, batch, now).values()) {
        if (v.outcome() != ChunkTriage.Outcome.HEALTHY
            && v.outcome() != ChunkTriage.Outcome.UNRECOVERABLE) {
          return false;
        }
      }
      after = batch.get(batch.size() - 1).chunkId();
    }
  }
}
