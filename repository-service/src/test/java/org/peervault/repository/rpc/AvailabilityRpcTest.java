package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.AddFilesRequest;
import org.peervault.proto.v1.BeginSnapshotRequest;
import org.peervault.proto.v1.ChunkToPlace;
import org.peervault.proto.v1.CommitSnapshotRequest;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.ListSnapshotsRequest;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.PlaceChunksRequest;
import org.peervault.proto.v1.PlaceChunksResponse;
import org.peervault.proto.v1.Placement;
import org.peervault.proto.v1.Snapshot;
import org.peervault.proto.v1.SnapshotStats;
import org.peervault.repository.testdb.PostgresTestResource;
import org.peervault.repository.testdb.UptimeSamples;

/**
 * The availability model through the agents' protocol: PlaceChunks says what each placement
 * achieves against the owner's target, a commit records what the confirmed replicas achieve, and
 * ListSnapshots shows it.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AvailabilityRpcTest extends RpcTestSupport {
  private static final long GiB = 1L << 30;

  @Inject
  EntityManager em;

  /** A peer up half the time at every hour (ten days of samples), heard from now. */
  private Agent halfUpPeer(Org org, String name) {
    Agent peer = org.register(name, GiB, name, name);
    UptimeSamples.halfUp(em, peer.deviceId());
    peer.stub().heartbeat(HeartbeatRequest.newBuilder().setQuotaBytes(GiB).build());
    return peer;
  }

  private static PlaceChunksResponse place(Agent owner, FakeChunk c) {
    return owner.stub().placeChunks(PlaceChunksRequest.newBuilder().addChunks(ChunkToPlace.newBuilder()
        .setChunkId(c.id()).setStoredSizeBytes(c.storedSize())).build());
  }

  private static Snapshot backUp(Agent owner, FakeChunk c, Agent... holders) {
    c.confirmOn(owner, holders);
    long id = owner.stub().beginSnapshot(BeginSnapshotRequest.newBuilder().setHost("h").build()).getSnapshotId();
    owner.stub().addFiles(AddFilesRequest.newBuilder().setSnapshotId(id)
        .addFiles(regularFile("f", 1, c)).build());
    return owner.stub().commitSnapshot(CommitSnapshotRequest.newBuilder().setSnapshotId(id)
        .setStats(SnapshotStats.newBuilder().setFiles(1)).build()).getSnapshot();
  }

  @Test
  void peersThatCannotReachTheTargetGetTheChunkAnywayAndEveryoneIsTold() {
    Org org = newOrganization("below-target");
    Agent owner = org.register("owner", GiB, "hq", "n0");
    List<Agent> peers = List.of(halfUpPeer(org, "p1"), halfUpPeer(org, "p2"), halfUpPeer(org, "p3"));
    FakeChunk c = FakeChunk.random(1000);

    PlaceChunksResponse placed = place(owner, c);

    // three peers up half the time: 1 - 0.5^3 in every hour, short of the default p_s 0.99
    Placement p = placed.getPlacements(0);
    assertThat(p.getRequiredReplicas()).isEqualTo(3);
    assertThat(p.getPeersList()).extracting(PeerRef::getDeviceId)
        .containsExactlyInAnyOrderElementsOf(peers.stream().map(Agent::deviceId).toList());
    assertThat(p.getAchievedAvailability()).isCloseTo(0.875, within(1e-9));
    assertThat(p.getTargetAvailability()).isEqualTo(0.99);
    assertThat(placed.getAchievedAvailability()).isCloseTo(0.875, within(1e-9));
    assertThat(placed.getTargetAvailability()).isEqualTo(0.99);

    Snapshot committed = backUp(owner, c, peers.get(0), peers.get(1));

    // only two replicas were confirmed: the snapshot records what they give
    assertThat(committed.getHasAvailability()).isTrue();
    assertThat(committed.getAchievedAvailability()).isCloseTo(0.75, within(1e-9));
    assertThat(committed.getTargetAvailability()).isEqualTo(0.99);
    assertThat(committed.getBelowTarget()).isTrue();
    assertThat(owner.stub().listSnapshots(ListSnapshotsRequest.getDefaultInstance()).getSnapshotsList())
        .containsExactly(committed);
  }

  @Test
  void newPeersInTheOwnersHoursMeetTheTargetWithTheFewestCopies() {
    Org org = newOrganization("at-target");
    Agent owner = org.register("owner", GiB, "hq", "n0");
    Agent a = org.register("a", GiB, "a", "na");
    Agent b = org.register("b", GiB, "b", "nb");
    org.register("c", GiB, "c", "nc");
    FakeChunk c = FakeChunk.random(1000);

    PlaceChunksResponse placed = place(owner, c);

    // under 7 days of samples every peer is up 09:00-17:00, like the owner (paper 3.1.4)
    assertThat(placed.getPlacements(0).getRequiredReplicas()).isEqualTo(2);
    assertThat(placed.getAchievedAvailability()).isEqualTo(1.0);
    Snapshot committed = backUp(owner, c, a, b);
    assertThat(committed.getBelowTarget()).isFalse();
    assertThat(committed.getAchievedAvailability()).isEqualTo(1.0);
  }

  @Test
  void aPeerAtNinetyPercentOfItsQuotaIsNeverProposed() {
    Org org = newOrganization("quota");
    Agent owner = org.register("owner", GiB, "hq", "n0");
    Agent full = org.register("full", GiB, "a", "na");
    org.register("b", GiB, "b", "nb");
    org.register("c", GiB, "c", "nc");
    full.stub().heartbeat(HeartbeatRequest.newBuilder().setQuotaBytes(1000_000)
        .setUsedBytes(900_000).build());

    Placement p = place(owner, FakeChunk.random(10)).getPlacements(0);

    assertThat(p.getPeersList()).extracting(PeerRef::getDeviceId).doesNotContain(full.deviceId())
        .hasSize(2);
  }
}
