package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.ChunkKey;
import org.peervault.proto.v1.ChunkToPlace;
import org.peervault.proto.v1.ConfirmReplicasRequest;
import org.peervault.proto.v1.ConfirmedChunk;
import org.peervault.proto.v1.LookupChunksRequest;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.PlaceChunksRequest;
import org.peervault.proto.v1.Placement;
import org.peervault.repository.testdb.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ChunkRpcTest extends RpcTestSupport {
  private static final long GiB = 1L << 30;

  private Org org;
  private Agent owner;
  private Agent paris;
  private Agent lyon;
  private Agent nice;

  @BeforeEach
  void fleet() {
    org = newOrganization("chunks");
    owner = org.register("owner", GiB, "paris", "10.0.1");
    paris = org.register("paris", GiB, "paris", "10.0.2");
    lyon = org.register("lyon", GiB, "lyon", "10.1.1");
    nice = org.register("nice", GiB, "nice", "10.2.1");
  }

  private static LookupChunksRequest lookup(FakeChunk... chunks) {
    LookupChunksRequest.Builder b = LookupChunksRequest.newBuilder();
    for (FakeChunk c : chunks) {
      b.addPlainHashes(c.hash());
    }
    return b.build();
  }

  private static PlaceChunksRequest place(FakeChunk c, Agent... excluded) {
    PlaceChunksRequest.Builder b = PlaceChunksRequest.newBuilder().addChunks(
        ChunkToPlace.newBuilder().setChunkId(c.id()).setStoredSizeBytes(c.storedSize()));
    for (Agent a : excluded) {
      b.addExcludeDeviceIds(a.deviceId());
    }
    return b.build();
  }

  @Test
  void lookupReturnsStableKeysPerOrganizationInRequestOrder() {
    FakeChunk a = FakeChunk.random(100);
    FakeChunk b = FakeChunk.random(200);
    List<ChunkKey> first = owner.stub().lookupChunks(lookup(a, b, a)).getKeysList();
    assertThat(first).hasSize(3);
    assertThat(first.get(0).getPlainHash()).isEqualTo(a.hash());
    assertThat(first.get(1).getPlainHash()).isEqualTo(b.hash());
    assertThat(first.get(0).getKey().size()).isEqualTo(32);
    assertThat(first.get(0).getKeyVersion()).isEqualTo(1);
    assertThat(first.get(0).getChunkId()).isEmpty();
    assertThat(first.get(0).getKey()).isEqualTo(first.get(2).getKey())
        .isNotEqualTo(first.get(1).getKey());
    // Another device of the same organization gets the same key (cross-machine dedup) ...
    assertThat(lyon.stub().lookupChunks(lookup(a)).getKeys(0).getKey())
        .isEqualTo(first.get(0).getKey());
    // ... another organization does not.
    Agent stranger = newOrganization("other").register("stranger", GiB, "x", "y");
    assertThat(stranger.stub().lookupChunks(lookup(a)).getKeys(0).getKey())
        .isNotEqualTo(first.get(0).getKey());
  }

  @Test
  void lookupRefusesMalformedOrTooManyHashes() {
    Status shortHash = failure(() -> owner.stub().lookupChunks(LookupChunksRequest.newBuilder()
        .addPlainHashes(ByteString.copyFrom(new byte[31])).build()));
    assertThat(shortHash.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(shortHash.getDescription()).contains("32 bytes");
    LookupChunksRequest.Builder many = LookupChunksRequest.newBuilder();
    for (int i = 0; i < 4096; i++) {
      many.addPlainHashes(ByteString.copyFrom(sha256("h" + i)));
    }
    assertThat(owner.stub().lookupChunks(many.build()).getKeysCount()).isEqualTo(4096);
    many.addPlainHashes(ByteString.copyFrom(sha256("one too many")));
    assertThat(failure(() -> owner.stub().lookupChunks(many.build())).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void placementNeverReturnsTheCallerAndSpreadsOverSites() {
    FakeChunk c = FakeChunk.random(1 << 20);
    Placement p = owner.stub().placeChunks(place(c)).getPlacements(0);
    assertThat(p.getChunkId()).isEqualTo(c.id());
    assertThat(p.getRequiredReplicas()).isEqualTo(2);
    List<Long> ids = p.getPeersList().stream().map(PeerRef::getDeviceId).toList();
    assertThat(ids).doesNotContain(owner.deviceId())
        .containsExactlyInAnyOrder(paris.deviceId(), lyon.deviceId(), nice.deviceId());
    // The two required replicas go to two different sites.
    Map<Long, String> sites = Map.of(paris.deviceId(), "paris", lyon.deviceId(), "lyon",
        nice.deviceId(), "nice");
    assertThat(sites.get(ids.get(0))).isNotEqualTo(sites.get(ids.get(1)));
    assertThat(p.getPeers(0).getAddress()).startsWith("127.0.0.1:");
    Placement fromLyon = lyon.stub().placeChunks(place(c)).getPlacements(0);
    assertThat(fromLyon.getPeersList().stream().map(PeerRef::getDeviceId))
        .doesNotContain(lyon.deviceId());
  }

  @Test
  void placementRefusesWhenTooFewPeersRemain() {
    FakeChunk c = FakeChunk.random(1 << 20);
    Status status = failure(() -> owner.stub().placeChunks(place(c, paris, lyon)));
    assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getDescription()).contains("placement: chunk " + c.id().substring(0, 12)
        + " needs 2 peers with 1.0 MiB free, only 1 live peer has room (3 registered; 2"
        + " excluded");
  }

  @Test
  void placementSkipsPeersWithoutRoom() {
    Agent tiny = org.register("tiny", 1000, "tokyo", "10.9.9");
    FakeChunk c = FakeChunk.random(1 << 20);
    Placement p = owner.stub().placeChunks(place(c)).getPlacements(0);
    assertThat(p.getPeersList().stream().map(PeerRef::getDeviceId))
        .doesNotContain(tiny.deviceId());
  }

  @Test
  void confirmedChunksAreFoundByLookupOnceReplicated() {
    FakeChunk c = FakeChunk.random(4096);
    c.confirmOn(owner, paris);
    assertThat(owner.stub().lookupChunks(lookup(c)).getKeys(0).getChunkId())
        .as("one replica is not enough").isEmpty();
    c.confirmOn(owner, paris, lyon);
    ChunkKey key = owner.stub().lookupChunks(lookup(c)).getKeys(0);
    assertThat(key.getChunkId()).isEqualTo(c.id());
    // Peers that hold the chunk are proposed first.
    Placement p = owner.stub().placeChunks(place(c)).getPlacements(0);
    assertThat(p.getPeersList().subList(0, 2).stream().map(PeerRef::getDeviceId))
        .containsExactlyInAnyOrder(paris.deviceId(), lyon.deviceId());
  }

  @Test
  void confirmReportsRecordedReplicasAndIsIdempotent() {
    FakeChunk c = FakeChunk.random(10);
    ConfirmReplicasRequest request = ConfirmReplicasRequest.newBuilder().addChunks(
        ConfirmedChunk.newBuilder().setChunkId(c.id()).setPlainHash(c.hash())
            .setPlainSizeBytes(c.plainSize()).setStoredSizeBytes(c.storedSize())
            .setKeyVersion(1).addDeviceIds(paris.deviceId()).addDeviceIds(nice.deviceId()))
        .build();
    assertThat(owner.stub().confirmReplicas(request).getRecorded()).isEqualTo(2);
    assertThat(owner.stub().confirmReplicas(request).getRecorded()).isEqualTo(2);
  }

  @Test
  void confirmRefusesForeignDevicesMalformedIdsAndTheCallerItself() {
    Agent stranger = newOrganization("foreign").register("stranger", GiB, "x", "y");
    FakeChunk c = FakeChunk.random(10);
    ConfirmedChunk.Builder chunk = ConfirmedChunk.newBuilder().setChunkId(c.id())
        .setPlainHash(c.hash()).setPlainSizeBytes(10).setStoredSizeBytes(38).setKeyVersion(1);
    Status foreign = failure(() -> owner.stub().confirmReplicas(ConfirmReplicasRequest
        .newBuilder().addChunks(chunk.clone().addDeviceIds(stranger.deviceId())).build()));
    assertThat(foreign.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    Status upper = failure(() -> owner.stub().confirmReplicas(ConfirmReplicasRequest
        .newBuilder().addChunks(chunk.clone().setChunkId(c.id().toUpperCase())
            .addDeviceIds(paris.deviceId())).build()));
    assertThat(upper.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    Status self = failure(() -> owner.stub().confirmReplicas(ConfirmReplicasRequest
        .newBuilder().addChunks(chunk.clone().addDeviceIds(owner.deviceId())).build()));
    assertThat(self.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    Status badVersion = failure(() -> owner.stub().confirmReplicas(ConfirmReplicasRequest
        .newBuilder().addChunks(chunk.clone().setKeyVersion(7).addDeviceIds(paris.deviceId()))
        .build()));
    assertThat(badVersion.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    // Nothing of the refused confirmations was recorded.
    assertThat(owner.stub().lookupChunks(lookup(c)).getKeys(0).getChunkId()).isEmpty();
  }

  @Test
  void confirmRefusesASecondChunkIdForTheSamePlaintext() {
    FakeChunk c = FakeChunk.random(10);
    c.confirmOn(owner, paris, lyon);
    FakeChunk sameText = new FakeChunk(c.plainHash(), FakeChunk.random(10).id(), 10, 38);
    Status status = failure(() -> sameText.confirmOn(owner, paris, lyon));
    assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getDescription()).contains("already stored as chunk " + c.id());
  }
}
