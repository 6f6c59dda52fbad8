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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.store.MemChunkStore;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.TestPki;
import io.grpc.stub.StreamObserver;
import org.peervault.proto.v1.ChunkData;
import org.peervault.proto.v1.DeleteChunkRequest;
import org.peervault.proto.v1.FetchChunkRequest;
import org.peervault.proto.v1.FetchChunksRequest;
import org.peervault.proto.v1.FetchChunksResponse;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.PeerGrpc;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.StoreChunkRequest;
import org.peervault.proto.v1.StoreChunksRequest;
import org.peervault.proto.v1.StoreChunksResponse;

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

  @Test
  void aStreamStoresItsChunksAndNamesThoseAlreadyHeld() {
    store.put(ChunkId.of(OTHER_DATA), OTHER_DATA);
    Grant both = TestPki.grant(grantKeys.getPrivate(), GrantAction.GRANT_ACTION_STORE,
        List.of(ID.hex(), ChunkId.of(OTHER_DATA).hex()), CALLER, ORG, Instant.now().plusSeconds(300));

    StoreChunksResponse response = storeAll(both, DATA, OTHER_DATA);

    assertThat(response.getStoredChunks()).isEqualTo(1);
    assertThat(response.getAlreadyPresentList()).containsExactly(ChunkId.of(OTHER_DATA).hex());
    assertThat(store.get(ID)).hasValueSatisfying(b -> assertThat(b).isEqualTo(DATA));
    assertThat(store.usedBytes()).isEqualTo(DATA.length + OTHER_DATA.length);
  }

  @Test
  void aStreamWithAChunkItsGrantDoesNotCoverStoresNothing() {
    assertDenied(() -> storeAll(grant(GrantAction.GRANT_ACTION_STORE, ID, CALLER), DATA, OTHER_DATA),
        "grant: does not cover chunk");
    assertThat(store.contains(ID)).isFalse();
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void aStreamWithoutAGrantOrWithAnotherDevicesStoresNothing() {
    assertDenied(() -> storeAll(Grant.getDefaultInstance(), DATA), "grant: missing");
    assertDenied(() -> storeAll(grant(GrantAction.GRANT_ACTION_STORE, ID, 12), DATA),
        "grant: for device 12, but the caller is device 2");
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void aStreamWhoseBytesDoNotMatchTheirIdStoresNothing() {
    Grant both = TestPki.grant(grantKeys.getPrivate(), GrantAction.GRANT_ACTION_STORE,
        List.of(ID.hex(), ChunkId.of(OTHER_DATA).hex()), CALLER, ORG, Instant.now().plusSeconds(300));
    as(ca.device(CALLER, ORG));
    CompletableFuture<StoreChunksResponse> done = new CompletableFuture<>();
    StreamObserver<StoreChunksRequest> out = channels.asyncPeer(self(), 10_000).storeChunks(into(done));
    out.onNext(StoreChunksRequest.newBuilder().setGrant(both).addChunks(data(ID, DATA))
        .addChunks(data(ChunkId.of(OTHER_DATA), DATA)).build());
    out.onCompleted();

    assertThatThrownBy(done::join).hasCauseInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(Status.fromThrowable(e.getCause()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(store.contains(ID)).as("the good chunk before it is dropped too").isFalse();
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void aFetchStreamSendsWhatThePeerHoldsAndMarksTheRestMissing() {
    store.put(ID, DATA);
    ChunkId other = ChunkId.of(OTHER_DATA);
    Grant both = TestPki.grant(grantKeys.getPrivate(), GrantAction.GRANT_ACTION_FETCH,
        List.of(ID.hex(), other.hex()), CALLER, ORG, Instant.now().plusSeconds(300));
    as(ca.device(CALLER, ORG));

    List<FetchChunksResponse> got = new ArrayList<>();
    channels.peer(PEER, "127.0.0.1:" + server.port(), 10_000).fetchChunks(FetchChunksRequest.newBuilder()
        .setGrant(both).addChunkIds(ID.hex()).addChunkIds(other.hex()).build()).forEachRemaining(got::add);

    assertThat(got).hasSize(2);
    assertThat(got.get(0).getChunkId()).isEqualTo(ID.hex());
    assertThat(got.get(0).getData().toByteArray()).isEqualTo(DATA);
    assertThat(got.get(1).getChunkId()).isEqualTo(other.hex());
    assertThat(got.get(1).getMissing()).isTrue();
  }

  @Test
  void aFetchStreamAskingForAChunkOutsideItsGrantServesNothing() {
    store.put(ID, DATA);
    store.put(ChunkId.of(OTHER_DATA), OTHER_DATA);
    as(ca.device(CALLER, ORG));
    assertDenied(() -> channels.peer(PEER, "127.0.0.1:" + server.port(), 10_000).fetchChunks(
        FetchChunksRequest.newBuilder().setGrant(grant(GrantAction.GRANT_ACTION_FETCH, ID, CALLER))
            .addChunkIds(ID.hex()).addChunkIds(ChunkId.of(OTHER_DATA).hex()).build()).forEachRemaining(r -> { }),
        "grant: does not cover chunk");
  }

  /** Streams {@code chunks} as the caller device, the grant in the first message, two messages at most. */
  private StoreChunksResponse storeAll(Grant grant, byte[]... chunks) {
    as(ca.device(CALLER, ORG));
    CompletableFuture<StoreChunksResponse> done = new CompletableFuture<>();
    StreamObserver<StoreChunksRequest> out = channels.asyncPeer(self(), 10_000).storeChunks(into(done));
    StoreChunksRequest.Builder first = StoreChunksRequest.newBuilder().setGrant(grant)
        .addChunks(data(ChunkId.of(chunks[0]), chunks[0]));
    out.onNext(first.build());
    if (chunks.length > 1) {
      StoreChunksRequest.Builder rest = StoreChunksRequest.newBuilder();
      for (int i = 1; i < chunks.length; i++) {
        rest.addChunks(data(ChunkId.of(chunks[i]), chunks[i]));
      }
      out.onNext(rest.build());
    }
    out.onCompleted();
    try {
      return done.join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private PeerRef self() {
    return PeerRef.newBuilder().setDeviceId(PEER).setAddress("127.0.0.1:" + server.port()).build();
  }

  private static ChunkData data(ChunkId id, byte[] bytes) {
    return ChunkData.newBuilder().setChunkId(id.hex()).setData(ByteString.copyFrom(bytes)).build();
  }

  private static <T> StreamObserver<T> into(CompletableFuture<T> done) {
    return new StreamObserver<>() {
      private T value;

      @Override
      public void onNext(T v) {
        value = v;
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(value);
      }
    };
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
