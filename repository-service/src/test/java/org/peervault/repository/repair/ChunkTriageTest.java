package org.peervault.repository.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.peervault.repository.catalog.Replica;
import org.peervault.repository.device.Device;
import org.peervault.repository.placement.Peer;
import org.peervault.repository.placement.AvailabilityPlacer;
import org.peervault.repository.placement.OwnerNeeds;
import org.peervault.repository.placement.RestoreWindow;
import org.peervault.repository.placement.UptimeCycle;
import org.peervault.repository.placement.UtcUptime;

/**
 * What repair decides for one chunk, against the real placer: peers always up, so the fewest
 * copies (two) meet the owner's target.
 */
class ChunkTriageTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Duration GRACE = Duration.ofHours(1);
  private static final Duration LIVE = Duration.ofMinutes(1);
  private static final String CHUNK = "cd".repeat(32);
  private static final long OWNER = 1;

  private static final UtcUptime ALWAYS_UP = UtcUptime.ofUtc(
      java.util.stream.DoubleStream.generate(() -> 1.0).limit(UptimeCycle.HOURS).toArray());

  private final ChunkTriage triage = new ChunkTriage(new AvailabilityPlacer(2, 8, 2), NOW, GRACE, LIVE,
      owner -> new OwnerNeeds(RestoreWindow.allDay(), 0.99));

  /** Peers 1 (the owner) to 6, each on its own site, all serving, seen now. */
  private final List<Peer> peers = new ArrayList<>(LongStream.rangeClosed(1, 6)
      .mapToObj(id -> new Peer(id, "10.0.0." + id + ":9444", "site-" + id, "net-" + id, 1L << 30, 1L << 30, true,
          ALWAYS_UP))
      .toList());
  private final Set<Long> reachable = Set.of(1L, 2L, 3L, 4L, 5L, 6L);

  private static ChunkTriage.ReplicaFacts serving(long device, Instant seen) {
    return new ChunkTriage.ReplicaFacts(device, Replica.State.CONFIRMED, Device.Status.ACTIVE,
        Device.PeerState.SERVING, seen);
  }

  private static ChunkTriage.Situation chunk(List<ChunkTriage.ReplicaFacts> replicas, Set<Long> copying,
      Set<Long> failed) {
    return new ChunkTriage.Situation(CHUNK, 1000, replicas, Set.of(OWNER), copying, failed);
  }

  private ChunkTriage.Verdict judge(ChunkTriage.ReplicaFacts... replicas) {
    return triage.judge(chunk(List.of(replicas), Set.of(), Set.of()), peers, reachable);
  }

  @Test
  void twoHealthyHoldersAreAtTarget() {
    assertThat(judge(serving(2, NOW), serving(3, NOW)).outcome()).isEqualTo(ChunkTriage.Outcome.HEALTHY);
  }

  @Test
  void aHolderOfflineWithinTheGracePeriodStillCounts() {
    ChunkTriage.Verdict v = judge(serving(2, NOW), serving(3, NOW.minus(Duration.ofMinutes(50))));

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.HEALTHY);
    assertThat(v.sources()).as("but it is no copy source while offline").containsExactly(2L);
  }

  /** Peer 3 unheard for longer than the grace period: not live for placement, not reachable. */
  private ChunkTriage.Verdict judgeWithPeerThreeGone(ChunkTriage.ReplicaFacts... replicas) {
    peers.replaceAll(p -> p.deviceId() == 3 ? p.withLive(false) : p);
    return triage.judge(chunk(List.of(replicas), Set.of(), Set.of()), peers, Set.of(1L, 2L, 4L, 5L, 6L));
  }

  @Test
  void aHolderGoneLongerThanTheGracePeriodIsReplacedFromTheSurvivor() {
    ChunkTriage.Verdict v = judgeWithPeerThreeGone(serving(2, NOW), serving(3, NOW.minus(Duration.ofMinutes(61))));

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.COPY);
    assertThat(v.sources()).containsExactly(2L);
    assertThat(v.targets()).hasSize(1);
    assertThat(v.targets().get(0).deviceId()).isNotIn(OWNER, 2L, 3L);
  }

  @Test
  void aTargetMustBeReachableNowAndNeverTheOwner() {
    ChunkTriage.Verdict v = triage.judge(chunk(List.of(serving(2, NOW)), Set.of(), Set.of()), peers,
        Set.of(1L, 2L, 6L));

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.COPY);
    assertThat(v.targets()).extracting(Peer::deviceId).containsExactly(6L);
  }

  @Test
  void copiesUnderWayCoverTheMissingPeers() {
    ChunkTriage.Verdict v = triage.judge(chunk(List.of(serving(2, NOW)), Set.of(4L), Set.of()), peers, reachable);

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.COPYING);
  }

  @Test
  void aTargetWhoseCopyFailedIsNotChosenAgain() {
    List<Long> firstChoice = triage.judge(chunk(List.of(serving(2, NOW)), Set.of(), Set.of()), peers, reachable)
        .targets().stream().map(Peer::deviceId).toList();

    ChunkTriage.Verdict v = triage.judge(chunk(List.of(serving(2, NOW)), Set.of(), Set.copyOf(firstChoice)),
        peers, reachable);

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.COPY);
    assertThat(v.targets()).extracting(Peer::deviceId).doesNotContainAnyElementsOf(firstChoice);
  }

  @Test
  void aPeerWhoseReplicaWasLostIsNotChosenAsTarget() {
    ChunkTriage.ReplicaFacts lost = new ChunkTriage.ReplicaFacts(3, Replica.State.LOST,
        Device.Status.ACTIVE, Device.PeerState.SERVING, NOW);
    Set<Long> onlyThreeReachable = Set.of(1L, 2L, 3L);

    ChunkTriage.Verdict without = triage.judge(chunk(List.of(serving(2, NOW)), Set.of(), Set.of()),
        peers, onlyThreeReachable);
    ChunkTriage.Verdict with = triage.judge(chunk(List.of(serving(2, NOW), lost), Set.of(), Set.of()),
        peers, onlyThreeReachable);

    assertThat(without.targets()).extracting(Peer::deviceId).containsExactly(3L);
    assertThat(with.outcome()).isEqualTo(ChunkTriage.Outcome.UNPLACEABLE);
  }

  @Test
  void aDrainingHolderDoesNotCountButIsACopySource() {
    ChunkTriage.Verdict v = judge(serving(2, NOW), new ChunkTriage.ReplicaFacts(3, Replica.State.CONFIRMED,
        Device.Status.ACTIVE, Device.PeerState.DRAINING, NOW));
    peers.replaceAll(p -> p.deviceId() == 3 ? p.withLive(false) : p);

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.COPY);
    assertThat(v.sources()).containsExactlyInAnyOrder(2L, 3L);
    assertThat(v.healthy()).containsExactly(2L);
  }

  @Test
  void survivorsOnlyOfflineWithinGraceMeanWaitingForASource() {
    ChunkTriage.Verdict v = judge(serving(3, NOW.minus(Duration.ofMinutes(30))),
        serving(4, NOW.minus(Duration.ofHours(2))));

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.NO_SOURCE_NOW);
  }

  @Test
  void noSurvivingReplicaIsUnrecoverable() {
    ChunkTriage.Verdict v = judge(serving(3, NOW.minus(Duration.ofHours(2))),
        new ChunkTriage.ReplicaFacts(4, Replica.State.LOST, Device.Status.ACTIVE, Device.PeerState.SERVING, NOW),
        new ChunkTriage.ReplicaFacts(5, Replica.State.CONFIRMED, Device.Status.REVOKED, Device.PeerState.SERVING, NOW),
        new ChunkTriage.ReplicaFacts(6, Replica.State.CONFIRMED, Device.Status.ACTIVE, Device.PeerState.RETIRED, NOW));

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.UNRECOVERABLE);
  }

  @Test
  void tooFewPeersIsUnplaceable() {
    peers.replaceAll(p -> p.deviceId() > 2 ? p.withLive(false) : p);

    ChunkTriage.Verdict v = judge(serving(2, NOW));

    assertThat(v.outcome()).isEqualTo(ChunkTriage.Outcome.UNPLACEABLE);
    assertThat(v.detail()).contains("needs 2 peers");
  }

  @Test
  void aFullPeerIsNotATarget() {
    peers.replaceAll(p -> p.deviceId() == 3 || p.deviceId() == 4 || p.deviceId() == 5 ? p.withFreeBytes(10) : p);

    ChunkTriage.Verdict v = judge(serving(2, NOW));

    assertThat(v.targets()).extracting(Peer::deviceId).containsExactly(6L);
  }
}
