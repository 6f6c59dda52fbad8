package org.peervault.agent.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.store.MemChunkStore;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.TestPki;
import org.peervault.proto.v1.DeleteChunkRequest;
import org.peervault.proto.v1.FetchChunkRequest;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.PeerGrpc;
import org.peervault.proto.v1.StoreChunkRequest;

/** The peer service over real mutual-TLS sockets: who may call, and what a refused call leaves. */
class PeerServerTlsTest {
  private static final long ORG = 7;
  private static final long PEER = 1;
  private static final long CALLER = 2;
  private static final byte[] DATA = "sealed bytes, opaque to the peer".getBytes(StandardCharsets.UTF_8);
  private static final ChunkId ID = ChunkId.of(DATA);
  private static final byte[] OTHER_DATA = "another sealed chunk".getBytes(StandardCharsets.UTF_8);

  private final TestPki.Ca ca = TestPki.newCa("test repository CA");
  private final KeyPair grantKeys = TestPki.newGrantKeys();
  private final MemChunkStore store = new MemChunkStore(1 << 20);
  private GrantVerifier verifier;
  private PeerServer server;
  private PeerChannels channels;

  @BeforeEach
  void start() {
    verifier = new GrantVerifier(ORG, grantKeys.getPublic(), Clock.systemUTC());
    server = PeerServer.start("127.0.0.1", 0, store, ca.device(PEER, ORG), verifier);
  }

  @AfterEach
  void stop() {
    if (channels != null) {
      channels.close();
    }
    server.close();
  }

  private PeerGrpc.PeerBlockingStub as(DeviceIdentity identity) {
    if (channels != null) {
      channels.close();
    }
    channels = new PeerChannels(identity);
    return channels.peer(PEER, "127.0.0.1:" + server.port(), 10_000);
  }

  private Grant grant(GrantAction action, ChunkId chunk, long device) {
    return TestPki.grant(grantKeys.getPrivate(), action, List.of(chunk.hex()), device, ORG,
        Instant.now().plusSeconds(300));
  }

  private StoreChunkRequest store(Grant grant) {
    return StoreChunkRequest.newBuilder().setChunkId(ID.hex()).setData(ByteString.copyFrom(DATA)).setGrant(grant).build();
  }

  @Test
  void aCallerWithAGoodGrantStoresFetchesAndDeletes() {
    PeerGrpc.PeerBlockingStub peer = as(ca.device(CALLER, ORG));
    peer.storeChunk(store(grant(GrantAction.GRANT_ACTION_STORE, ID, CALLER)));
    assertThat(peer.fetchChunk(FetchChunkRequest.newBuilder().setChunkId(ID.hex())
        .setGrant(grant(GrantAction.GRANT_ACTION_FETCH, ID, CALLER)).build()).getData().toByteArray()).isEqualTo(DATA);
    assertThat(peer.deleteChunk(DeleteChunkRequest.newBuilder().setChunkId(ID.hex())
        .setGrant(grant(GrantAction.GRANT_ACTION_DELETE, ID, CALLER)).build()).getDeleted()).isTrue();
    assertThat(store.contains(ID)).isFalse();
  }

  @Test
  void aClientWithoutCertificateCannotCall() throws Exception {
    ManagedChannel anonymous = NettyChannelBuilder.forTarget("127.0.0.1:" + server.port())
        .sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK).trustManager(ca.certificate()).build())
        .overrideAuthority(DeviceIdentity.peerAuthority(PEER))
        .build();
    try {
      assertThatThrownBy(() -> PeerGrpc.newBlockingStub(anonymous).withDeadlineAfter(10, TimeUnit.SECONDS)
          .storeChunk(store(grant(GrantAction.GRANT_ACTION_STORE, ID, CALLER))))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
              .isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED));
    } finally {
      anonymous.shutdownNow();
    }
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() {
    TestPki.Ca forger = TestPki.newCa("test repository CA");
    DeviceIdentity signedByForger = forger.device(CALLER, ORG);
    // the forged certificate carries the right names; the client itself trusts the real CA
    DeviceIdentity forged = new DeviceIdentity(CALLER, ORG, signedByForger.credential().key(),
        signedByForger.certificate(), ca.certificate());
    assertUnavailable(() -> as(forged).storeChunk(store(grant(GrantAction.GRANT_ACTION_STORE, ID, CALLER))));
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void anExpiredCertificateIsRefused() {
    Instant now = Instant.now();
    DeviceIdentity expired = ca.device(CALLER, ORG, now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1)));
    assertUnavailable(() -> as(expired).storeChunk(store(grant(GrantAction.GRANT_ACTION_STORE, ID, CALLER))));
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void aRevokedDeviceIsDenied() {
    verifier.update(null, List.of(CALLER));
    assertDenied(() -> as(ca.device(CALLER, ORG)).storeChunk(store(grant(GrantAction.GRANT_ACTION_STORE, ID, CALLER))),
        "peer: device 2 is revoked");
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void aDeviceOfAnotherOrganizationIsDenied() {
    assertDenied(() -> as(ca.device(CALLER, 8)).storeChunk(store(grant(GrantAction.GRANT_ACTION_STORE, ID, CALLER))),
        "peer: the caller is device 2 of organization 8");
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void aStoreWithAForgedGrantStoresNothing() {
    Grant forged = TestPki.grant(TestPki.newGrantKeys().getPrivate(), GrantAction.GRANT_ACTION_STORE,
        List.of(ID.hex()), CALLER, ORG, Instant.now().plusSeconds(300));
    assertDenied(() -> as(ca.device(CALLER, ORG)).storeChunk(store(forged)), "grant: signature does not verify");
    assertThat(store.usedBytes()).isZero();
    assertThat(store.contains(ID)).isFalse();
  }

  @Test
  void aStoreWithAnotherDevicesGrantStoresNothing() {
    assertDenied(() -> as(ca.device(CALLER, ORG)).storeChunk(store(grant(GrantAction.GRANT_ACTION_STORE, ID, 12))),
        "grant: for device 12, but the caller is device 2");
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void aFetchWithAGrantForAnotherChunkServesNothing() {
    store.put(ID, DATA);
    Grant forOther = grant(GrantAction.GRANT_ACTION_FETCH, ChunkId.of(OTHER_DATA), CALLER);
    assertDenied(() -> as(ca.device(CALLER, ORG)).fetchChunk(
        FetchChunkRequest.newBuilder().setChunkId(ID.hex()).setGrant(forOther).build()), "grant: does not cover chunk");
  }

  @Test
  void aDeleteWithAFetchGrantDeletesNothing() {
    store.put(ID, DATA);
    assertDenied(() -> as(ca.device(CALLER, ORG)).deleteChunk(DeleteChunkRequest.newBuilder().setChunkId(ID.hex())
        .setGrant(grant(GrantAction.GRANT_ACTION_FETCH, ID, CALLER)).build()), "grant: allows FETCH, not DELETE");
    assertThat(store.contains(ID)).isTrue();
  }

  @Test
  void aClientRefusesAServerThatIsNotTheExpectedDevice() {
    channels = new PeerChannels(ca.device(CALLER, ORG));
    assertUnavailable(() -> channels.peer(5, "127.0.0.1:" + server.port(), 10_000)
        .storeChunk(store(grant(GrantAction.GRANT_ACTION_STORE, ID, CALLER))));
    assertThat(store.usedBytes()).isZero();
  }

  private static void assertUnavailable(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  private static void assertDenied(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription()).startsWith(message);
    });
  }
}
