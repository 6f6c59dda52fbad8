package org.peervault.repository.repair;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.peervault.repository.catalog.Replica;
import org.peervault.repository.device.Device;
import org.peervault.repository.placement.ChunkDemand;
import org.peervault.repository.placement.ChunkPlacement;
import org.peervault.repository.placement.Fleet;
import org.peervault.repository.placement.OwnerNeeds;
import org.peervault.repository.placement.Peer;
import org.peervault.repository.placement.PlacementException;
import org.peervault.repository.placement.Placer;

/**
 * Decides what one chunk needs, from its replicas and the fleet, by asking the {@link Placer}
 * with the chunk's healthy holders (and the targets of copies under way) as holders. Pure (the
 * time is given), deterministic and thread-safe; see the package terms.
 *
 * <p>The fleet given to the placer keeps the grace period: a holder seen within it counts as
 * live even if it is briefly offline (so a reboot does not trigger copies), while a new target
 * must be reachable now, or it could not carry out the copy.
 */
final class ChunkTriage {
  private final Placer placer;
  private final Instant now;
  private final Duration grace;
  private final Duration liveWindow;
  private final LongFunction<OwnerNeeds> needs;

  /**
   * Creates a triage.
   *
   * @param needs what placement must achieve for the chunks of an owner (by device id)
   */
  ChunkTriage(Placer placer, Instant now, Duration grace, Duration liveWindow,
      LongFunction<OwnerNeeds> needs) {
    this.placer = placer;
    this.now = now;
    this.grace = grace;
    this.liveWindow = liveWindow;
    this.needs = needs;
  }

  /** What is known of one replica of the chunk. */
  record ReplicaFacts(long deviceId, Replica.State state, Device.Status status,
      Device.PeerState peerState, Instant lastSeenAt) {}

  /**
   * One chunk as repair sees it. Sizes in bytes.
   *
   * @param owners devices whose snapshots reference it (never chosen as targets)
   * @param copying devices an open copy task targets
   * @param failedTargets devices a copy of it failed on recently (not chosen again for now)
   */
  record Situation(String chunkId, long storedSizeBytes, List<ReplicaFacts> replicas,
      Set<Long> owners, Set<Long> copying, Set<Long> failedTargets) {}

  /** What the chunk needs. */
  enum Outcome {
    /** Every peer the placer wants holds a healthy replica. */
    HEALTHY,
    /** Below target, and copies under way cover every missing peer. */
    COPYING,
    /** Below target: copy to {@link Verdict#targets} from {@link Verdict#sources}. */
    COPY,
    /** Below target, but no surviving replica is reachable now: wait for one. */
    NO_SOURCE_NOW,
    /** Below target, and the placer finds no peers for it. */
    UNPLACEABLE,
    /** No surviving replica anywhere. */
    UNRECOVERABLE
  }

  /**
   * The decision on a chunk.
   *
   * @param targets peers to copy to (COPY only)
   * @param sources devices with a replica reachable now, the most recently seen first
   * @param healthy devices holding a healthy replica
   * @param detail why, when the placer refused
   */
  record Verdict(Outcome outcome, List<Peer> targets, List<Long> sources, Set<Long> healthy,
      String detail) {}

  /** The verdict on a chunk, given the organization's peers and those reachable now. */
  Verdict judge(Situation chunk, List<Peer> peers, Set<Long> reachable) {
    Set<Long> healthy = new HashSet<>();
    List<ReplicaFacts> sources = new ArrayList<>();
    for (ReplicaFacts r : chunk.replicas()) {
      if (!survives(r)) {
        continue;
      }
      if (r.peerState() == Device.PeerState.SERVING) {
        healthy.add(r.deviceId());
      }
      if (!r.lastSeenAt().isBefore(now.minus(liveWindow))) {
        sources.add(r);
      }
    }
    sources.sort((a, b) -> b.lastSeenAt().compareTo(a.lastSeenAt()));
    List<Long> sourceIds = sources.stream().map(ReplicaFacts::deviceId).toList();
    if (chunk.replicas().stream().noneMatch(this::survives)) {
      return new Verdict(Outcome.UNRECOVERABLE, List.of(), List.of(), healthy, "");
    }
    Set<Long> holders = new HashSet<>(healthy);
    holders.addAll(chunk.copying());
    List<ChunkPlacement> placed;
    try {
      placed = placer.place(fleet(chunk, peers, reachable, holders),
          List.of(new ChunkDemand(chunk.chunkId(), chunk.storedSizeBytes(), Set.copyOf(holders))));
    } catch (PlacementException e) {
      return new Verdict(Outcome.UNPLACEABLE, List.of(), sourceIds, healthy, e.getMessage());
    }
    ChunkPlacement placement = placed.get(0);
    List<Peer> wanted = placement.peers().subList(0,
        Math.min(placement.requiredReplicas(), placement.peers().size()));
    List<Peer> missing = wanted.stream().filter(p -> !healthy.contains(p.deviceId())).toList();
    if (missing.isEmpty()) {
      return new Verdict(Outcome.HEALTHY, List.of(), sourceIds, healthy, "");
    }
    List<Peer> targets = missing.stream()
        .filter(p -> !chunk.copying().contains(p.deviceId())).toList();
    if (targets.isEmpty()) {
      return new Verdict(Outcome.COPYING, List.of(), sourceIds, healthy, "");
    }
    if (sourceIds.isEmpty()) {
      return new Verdict(Outcome.NO_SOURCE_NOW, List.of(), sourceIds, healthy, "");
    }
    return new Verdict(Outcome.COPY, targets, sourceIds, healthy, "");
  }

  private boolean survives(ReplicaFacts r) {
    return survives(r, now.minus(grace));
  }

  /**
   * Whether a replica still exists: confirmed, on an active, not retired peer seen at or after
   * {@code graceCutoff}.
   */
  static boolean survives(ReplicaFacts r, Instant graceCutoff) {
    return r.state() == Replica.State.CONFIRMED && r.status() == Device.Status.ACTIVE
        && r.peerState() != Device.PeerState.RETIRED && r.lastSeenAt() != null
        && !r.lastSeenAt().isBefore(graceCutoff);
  }

  private Fleet fleet(Situation chunk, List<Peer> peers, Set<Long> reachable,
      Set<Long> holders) {
    long owner = chunk.owners().stream().mapToLong(Long::longValue).min().orElse(0);
    Set<Long> excluded = new HashSet<>(chunk.owners());
    excluded.remove(owner);
    excluded.addAll(chunk.failedTargets());
    // A peer whose copy was found bad (a failed audit) still has those bytes: a copy to it would
    // find the chunk "already held" and revive the bad replica.
    chunk.replicas().stream().filter(r -> r.state() == Replica.State.LOST)
        .forEach(r -> excluded.add(r.deviceId()));
    excluded.removeAll(holders);
    List<Peer> candidates = peers.stream().map(p -> p.withLive(p.live()
        && (holders.contains(p.deviceId()) || reachable.contains(p.deviceId())))).toList();
    OwnerNeeds need = needs.apply(owner);
    return new Fleet(owner, candidates, excluded, need.window(), need.targetAvailability());
  }
}
