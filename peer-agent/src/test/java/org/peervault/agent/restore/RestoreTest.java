package org.peervault.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peervault.agent.seal.SealedChunk;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.serve.GrantVerifier;
import org.peervault.agent.serve.PeerServer;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.store.MemChunkStore;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.agent.transfer.TestPki;
import org.peervault.proto.v1.ChunkLocation;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.PeerGrant;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.PlanRestoreRequest;
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.proto.v1.RestoreBatch;

/**
 * Restore against a scripted repository and real peers on real mutual-TLS sockets (certificates
 * from a test CA, fetches carrying the plan's grants): what it writes, what it refuses, and how it
 * survives bad replicas.
 */
class RestoreTest {
  private static final byte[] KEY = new byte[32];
  private static final long ORG = 7;
  private final Sealer sealer = new Sealer();
  private final TestPki.Ca ca = TestPki.newCa("test repository CA");
  private final KeyPair grantKeys = TestPki.newGrantKeys();
  private final DeviceIdentity restorer = ca.device(100, ORG);
  private final Map<PeerServer, Long> deviceIds = new HashMap<>();
  private Server repository;
  private PeerServer good;
  private PeerServer bad;

  @AfterEach
  void stop() throws InterruptedException {
    if (repository != null) {
      repository.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (good != null) {
      good.close();
    }
    if (bad != null) {
      bad.close();
    }
  }

  @Test
  void restoreRefusesPathThatLeavesTargetAndRestoresTheRest(@TempDir Path dir) throws IOException {
    SealedChunk chunk = sealer.seal("hello".getBytes(StandardCharsets.UTF_8), KEY);
    good = peer(1, storeWith(chunk));
    serve(List.of(file("../escape.txt", chunk), file("inside/ok.txt", chunk)), location(chunk, good));

    Path target = dir.resolve("target");
    RestoreReport report = restore(target);

    assertThat(target.resolve("inside/ok.txt")).hasContent("hello");
    assertThat(dir.resolve("escape.txt")).doesNotExist();
    assertThat(report.files()).isEqualTo(1);
    assertThat(report.errors()).singleElement().asString().contains("../escape.txt").contains("leaves the target");
  }

  @Test
  void aDirectoryThatIsASymbolicLinkInTheTargetIsNotWrittenThroughForAnyOfItsFiles(@TempDir Path dir)
      throws IOException {
    SealedChunk chunk = sealer.seal("hello".getBytes(StandardCharsets.UTF_8), KEY);
    good = peer(1, storeWith(chunk));
    FileVersion docs = FileVersion.newBuilder().setPath("docs").setKind(FileKind.FILE_KIND_DIRECTORY)
        .setMode(0755).setMtimeMillis(1_700_000_000_000L).build();
    serve(List.of(docs, file("docs/a.txt", chunk), file("docs/b.txt", chunk), file("ok/c.txt", chunk)),
        location(chunk, good));
    Path target = Files.createDirectories(dir.resolve("target"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(target.resolve("docs"), outside);

    RestoreReport report = restore(target);

    assertThat(outside).isEmptyDirectory();
    assertThat(target.resolve("ok/c.txt")).hasContent("hello");
    assertThat(report.files()).isEqualTo(1);
    assertThat(report.errors()).filteredOn(e -> e.contains("is a symbolic link")).hasSize(2)
        .anySatisfy(e -> assertThat(e).startsWith("docs/a.txt")).anySatisfy(e -> assertThat(e).startsWith("docs/b.txt"));
  }

  @Test
  void restoreFallsBackToAnotherReplicaWhenOneIsCorrupt(@TempDir Path dir) throws IOException {
    SealedChunk chunk = sealer.seal("precious bytes".getBytes(StandardCharsets.UTF_8), KEY);
    byte[] corrupted = chunk.bytes().clone();
    corrupted[corrupted.length - 1] ^= 1;
    bad = peer(2, new CorruptingStore(storeWith(chunk), corrupted));
    good = peer(1, storeWith(chunk));
    // The corrupt replica is listed first, so every fetch meets it at least once in turn.
    serve(List.of(file("a.txt", chunk), file("b.txt", chunk), file("c.txt", chunk)),
        location(chunk, bad, good));

    RestoreReport report = restore(dir);

    assertThat(report.errors()).isEmpty();
    assertThat(dir.resolve("a.txt")).hasContent("precious bytes");
    assertThat(dir.resolve("c.txt")).hasContent("precious bytes");
    assertThat(report.corruptReplicas()).isPositive();
  }

  @Test
  void restoreReportsAFileWhoseEveryReplicaIsDeadAndGoesOn(@TempDir Path dir) throws IOException {
    SealedChunk chunk = sealer.seal("x".getBytes(StandardCharsets.UTF_8), KEY);
    good = peer(1, storeWith(chunk));
    SealedChunk lost = sealer.seal("lost".getBytes(StandardCharsets.UTF_8), KEY);
    ChunkLocation dead = ChunkLocation.newBuilder().setChunkId(lost.id().hex()).setKey(ByteString.copyFrom(KEY))
        .setGrant(fetchGrant(lost))
        .addReplicas(PeerRef.newBuilder().setDeviceId(9).setAddress("127.0.0.1:1")).build();
    serve(List.of(file("gone.txt", lost), file("kept.txt", chunk)), location(chunk, good), dead);

    RestoreReport report = restore(dir);

    assertThat(dir.resolve("kept.txt")).hasContent("x");
    assertThat(dir.resolve("gone.txt")).doesNotExist();
    assertThat(report.errors()).singleElement().asString().startsWith("gone.txt:");
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".pv-restore-"));
    }
  }

  @Test
  void manyFilesComeInStreamsFromBothReplicasThroughASmallWindow(@TempDir Path dir) throws IOException {
    ChunkStore first = new MemChunkStore(1 << 24);
    ChunkStore second = new MemChunkStore(1 << 24);
    good = peer(1, first);
    bad = peer(2, second);
    List<FileVersion> files = new ArrayList<>();
    List<ChunkLocation> locations = new ArrayList<>();
    List<SealedChunk> shared = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      SealedChunk chunk = sealer.seal(("file " + i + " ").repeat(50 + i).getBytes(StandardCharsets.UTF_8), KEY);
      first.put(chunk.id(), chunk.bytes());
      if (i % 7 != 0) {
        second.put(chunk.id(), chunk.bytes()); // every 7th chunk is missing on the second peer
      }
      files.add(file("dir/f" + i + ".txt", chunk));
      locations.add(location(chunk, bad, good).toBuilder().clearGrant().build());
      if (i < 3) {
        shared.add(chunk);
      }
    }
    // one file made of chunks the others use too
    FileVersion.Builder joined = FileVersion.newBuilder().setPath("joined.txt").setKind(FileKind.FILE_KIND_REGULAR)
        .setMode(0644).setMtimeMillis(1_700_000_000_000L);
    long size = 0;
    for (SealedChunk chunk : shared) {
      joined.addChunks(ChunkRef.newBuilder().setChunkId(chunk.id().hex()).setPlainSizeBytes(chunk.plainSize()));
      size += chunk.plainSize();
    }
    files.add(joined.setSizeBytes(size).build());
    serve(files, locations.toArray(ChunkLocation[]::new));

    RestoreReport report = restore(dir, 4096);

    assertThat(report.errors()).isEmpty();
    assertThat(report.files()).isEqualTo(301);
    assertThat(dir.resolve("dir/f299.txt")).hasContent("file 299 ".repeat(349));
    assertThat(dir.resolve("joined.txt")).hasContent("file 0 ".repeat(50) + "file 1 ".repeat(51) + "file 2 ".repeat(52));
    assertThat(report.failedAttempts()).as("the chunks missing on one peer came from the other").isPositive();
  }

  @Test
  void aFileWhoseChunkIsLostDoesNotHoldUpTheOthers(@TempDir Path dir) throws IOException {
    ChunkStore store = new MemChunkStore(1 << 24);
    good = peer(1, store);
    List<FileVersion> files = new ArrayList<>();
    List<ChunkLocation> locations = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      SealedChunk chunk = sealer.seal(("chunk " + i).repeat(200).getBytes(StandardCharsets.UTF_8), KEY);
      if (i != 10) {
        store.put(chunk.id(), chunk.bytes());
      }
      files.add(file("f" + i, chunk));
      locations.add(location(chunk, good).toBuilder().clearGrant().build());
    }
    serve(files, locations.toArray(ChunkLocation[]::new));

    RestoreReport report = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> restore(dir, 2048));

    assertThat(report.files()).isEqualTo(49);
    assertThat(report.errors()).singleElement().asString().startsWith("f10:");
    assertThat(dir.resolve("f49")).hasContent("chunk 49".repeat(200));
  }

  @Test
  void grantsThatExpireDuringARestoreAreRenewedByPlanningAgain(@TempDir Path dir) throws IOException {
    ChunkStore store = new MemChunkStore(1 << 24);
    // The peer's clock runs an hour ahead: the first plan's grants (5 minutes) are expired for it.
    good = PeerServer.start("127.0.0.1", 0, store, ca.device(1, ORG), new GrantVerifier(ORG,
        grantKeys.getPublic(), Clock.offset(Clock.systemUTC(), Duration.ofHours(1))));
    deviceIds.put(good, 1L);
    List<FileVersion> files = new ArrayList<>();
    List<ChunkLocation> locations = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      SealedChunk chunk = sealer.seal(("renewed " + i).repeat(100).getBytes(StandardCharsets.UTF_8), KEY);
      store.put(chunk.id(), chunk.bytes());
      files.add(file("r" + i, chunk));
      locations.add(location(chunk, good).toBuilder().clearGrant().build());
    }
    AtomicInteger plans = new AtomicInteger();
    serve(files, locations, () -> plans.incrementAndGet() == 1 ? Duration.ofMinutes(5) : Duration.ofHours(2));

    RestoreReport report = restore(dir);

    assertThat(report.errors()).isEmpty();
    assertThat(report.files()).isEqualTo(20);
    assertThat(dir.resolve("r19")).hasContent("renewed 19".repeat(100));
    assertThat(plans.get()).as("planned once more for fresh grants").isEqualTo(2);
  }

  private RestoreReport restore(Path target) throws IOException {
    return restore(target, 64 << 20);
  }

  private RestoreReport restore(Path target, long prefetchBytes) throws IOException {
    String address = "127.0.0.1:" + repository.getPort();
    try (RepositoryClient client = RepositoryClient.connect(address, restorer);
        PeerChannels peers = new PeerChannels(restorer)) {
      return new Restore(client, new ChunkFetcher(peers, sealer), 2).withPrefetchBytes(prefetchBytes)
          .run(new RestoreRequest(target, 0, 0, 0, List.of()));
    }
  }

  /** A real peer over mutual TLS, as device {@code deviceId}, checking grants with the test grant key. */
  private PeerServer peer(long deviceId, ChunkStore store) {
    PeerServer server = PeerServer.start("127.0.0.1", 0, store, ca.device(deviceId, ORG),
        new GrantVerifier(ORG, grantKeys.getPublic(), Clock.systemUTC()));
    deviceIds.put(server, deviceId);
    return server;
  }

  private Grant fetchGrant(SealedChunk chunk) {
    return TestPki.grant(grantKeys.getPrivate(), GrantAction.GRANT_ACTION_FETCH, List.of(chunk.id().hex()),
        restorer.deviceId(), ORG, Instant.now().plusSeconds(300));
  }

  private static ChunkStore storeWith(SealedChunk chunk) {
    ChunkStore store = new MemChunkStore(1 << 20);
    store.put(chunk.id(), chunk.bytes());
    return store;
  }

  private static FileVersion file(String path, SealedChunk chunk) {
    return FileVersion.newBuilder().setPath(path).setKind(FileKind.FILE_KIND_REGULAR)
        .setSizeBytes(chunk.plainSize()).setMode(0644).setMtimeMillis(1_700_000_000_000L)
        .addChunks(ChunkRef.newBuilder().setChunkId(chunk.id().hex()).setPlainSizeBytes(chunk.plainSize()))
        .build();
  }

  private ChunkLocation location(SealedChunk chunk, PeerServer... servers) {
    ChunkLocation.Builder location = ChunkLocation.newBuilder().setChunkId(chunk.id().hex())
        .setKey(ByteString.copyFrom(KEY)).setStoredSizeBytes(chunk.bytes().length).setGrant(fetchGrant(chunk));
    for (PeerServer server : servers) {
      location.addReplicas(PeerRef.newBuilder().setDeviceId(deviceIds.get(server))
          .setAddress("127.0.0.1:" + server.port()));
    }
    return location.build();
  }

  /** A repository that plans one batch, with one FETCH grant per replica holder, as the service does. */
  private void serve(List<FileVersion> files, ChunkLocation... chunks) throws IOException {
    serve(files, List.of(chunks), () -> Duration.ofMinutes(5));
  }

  /** The same, each plan's grants valid for what {@code ttl} says at that plan. */
  private void serve(List<FileVersion> files, List<ChunkLocation> chunks, Supplier<Duration> ttl) throws IOException {
    Map<Long, List<String>> byPeer = new java.util.TreeMap<>();
    for (ChunkLocation c : chunks) {
      c.getReplicasList().forEach(r -> byPeer.computeIfAbsent(r.getDeviceId(), d -> new ArrayList<>()).add(c.getChunkId()));
    }
    Supplier<RestoreBatch> plan = () -> {
      RestoreBatch.Builder batch = RestoreBatch.newBuilder().addAllFiles(files).addAllChunks(chunks);
      Instant expires = Instant.now().plus(ttl.get());
      byPeer.forEach((peer, ids) -> batch.addPeerGrants(PeerGrant.newBuilder().setDeviceId(peer).setGrant(
          TestPki.grant(grantKeys.getPrivate(), GrantAction.GRANT_ACTION_FETCH, ids, restorer.deviceId(), ORG,
              expires))));
      return batch.build();
    };
    repository = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(ca.repositoryServerTls())
        .addService(new RepositoryGrpc.RepositoryImplBase() {
          @Override
          public void planRestore(PlanRestoreRequest request, StreamObserver<RestoreBatch> response) {
            response.onNext(plan.get());
            response.onCompleted();
          }
        })
        .build()
        .start();
  }

  /** A peer whose disk returns damaged bytes for every chunk. */
  private record CorruptingStore(ChunkStore delegate, byte[] damaged) implements ChunkStore {
    @Override
    public org.peervault.agent.store.PutResult put(org.peervault.agent.chunk.ChunkId id, byte[] sealed) {
      return delegate.put(id, sealed);
    }

    @Override
    public java.util.Optional<byte[]> get(org.peervault.agent.chunk.ChunkId id) {
      return delegate.get(id).map(b -> damaged.clone());
    }

    @Override
    public java.util.OptionalLong delete(org.peervault.agent.chunk.ChunkId id) {
      return delegate.delete(id);
    }

    @Override
    public boolean contains(org.peervault.agent.chunk.ChunkId id) {
      return delegate.contains(id);
    }

    @Override
    public long usedBytes() {
      return delegate.usedBytes();
    }

    @Override
    public long quotaBytes() {
      return delegate.quotaBytes();
    }
  }
}
