package org.peervault.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peervault.agent.chunk.Hashes;
import org.peervault.agent.seal.SealedChunk;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.serve.GrantVerifier;
import org.peervault.agent.serve.PeerServer;
import org.peervault.agent.store.FileChunkStore;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.PeerGrant;
import org.peervault.proto.v1.PlaceChunksResponse;
import org.peervault.proto.v1.Placement;

/**
 * Uploads to real peers over mutual TLS with grants: what reaches the peers' disks, and that a
 * grant not meant for the uploader stores nothing.
 */
class ChunkUploaderTlsTest {
  private static final long ORG = 7;
  private static final String MARKER = "PEERVAULT-PLAINTEXT-MARKER-7f3a";

  private final TestPki.Ca ca = TestPki.newCa("test repository CA");
  private final KeyPair grantKeys = TestPki.newGrantKeys();
  private final DeviceIdentity uploader = ca.device(100, ORG);
  private final List<PeerServer> servers = new ArrayList<>();
  private final List<FileChunkStore> stores = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(PeerServer::close);
  }

  @Test
  void afterAnUploadNoPeerDiskHoldsTheMarkerOrThePlaintextHash(@TempDir Path dir) throws IOException {
    byte[] plain = (MARKER + " ").repeat(2000).getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SealedChunk chunk = new Sealer().seal(plain, key);
    byte[] plainHash = Hashes.sha256(plain);

    List<Long> confirmed = upload(chunk, placement(chunk, dir, 100));

    assertThat(confirmed).containsExactly(1L, 2L);
    List<byte[]> stored = filesUnder(dir);
    assertThat(stored).isNotEmpty();
    for (byte[] bytes : stored) {
      String latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(latin1).doesNotContain(MARKER)
          .doesNotContain(new String(plainHash, StandardCharsets.ISO_8859_1))
          .doesNotContainIgnoringCase(HexFormat.of().formatHex(plainHash));
    }
  }

  @Test
  void aPlacementWhoseGrantIsForAnotherDeviceStoresNothing(@TempDir Path dir) throws IOException {
    SealedChunk chunk = new Sealer().seal("x".repeat(100).getBytes(StandardCharsets.UTF_8), new byte[32]);

    // both peers refuse the grant, so the uploader asks for a new placement (no repository here)
    assertThatThrownBy(() -> upload(chunk, placement(chunk, dir, 101)))
        .isInstanceOf(RepositoryUnreachableException.class);
    assertThat(stores).allSatisfy(store -> {
      assertThat(store.usedBytes()).isZero();
      assertThat(store.contains(chunk.id())).isFalse();
    });
  }

  @Test
  void aPeerThatRefusesTheStreamIsReplacedByTheSpare(@TempDir Path dir) {
    SealedChunk chunk = new Sealer().seal("y".repeat(5000).getBytes(StandardCharsets.UTF_8), new byte[32]);

    List<Long> confirmed = upload(chunk, placement(chunk, dir, 100, 10, 1 << 20, 1 << 20));

    assertThat(confirmed).containsExactly(2L, 3L);
    assertThat(stores.get(0).contains(chunk.id())).as("the full peer holds nothing").isFalse();
    assertThat(stores.get(0).usedBytes()).isZero();
    assertThat(stores.get(2).contains(chunk.id())).isTrue();
  }

  private List<Long> upload(SealedChunk chunk, PlaceChunksResponse placed) {
    try (RepositoryClient repository = RepositoryClient.connect("127.0.0.1:1", uploader);
        PeerChannels peers = new PeerChannels(uploader)) {
      return new ChunkUploader(repository, peers).upload(
          List.of(new ChunkUploader.Outgoing(chunk.id(), chunk.bytes(), placed.getPlacements(0))), placed)
          .get(chunk.id());
    }
  }

  /**
   * Two real peers (devices 1 and 2) with stores under {@code dir}, placed with one STORE grant per
   * peer for {@code grantee}, as the repository answers.
   */
  private PlaceChunksResponse placement(SealedChunk chunk, Path dir, long grantee) {
    return placement(chunk, dir, grantee, 1 << 20, 1 << 20);
  }

  /** Like the above, with one peer per quota, devices 1, 2, ... (the first two required, the rest spares). */
  private PlaceChunksResponse placement(SealedChunk chunk, Path dir, long grantee, long... quotas) {
    Grant grant = TestPki.grant(grantKeys.getPrivate(), GrantAction.GRANT_ACTION_STORE, List.of(chunk.id().hex()),
        grantee, ORG, Instant.now().plusSeconds(300));
    PlaceChunksResponse.Builder placed = PlaceChunksResponse.newBuilder();
    Placement.Builder placement = Placement.newBuilder().setChunkId(chunk.id().hex()).setRequiredReplicas(2);
    for (long device = 1; device <= quotas.length; device++) {
      FileChunkStore store = FileChunkStore.open(dir.resolve("peer-" + device), quotas[(int) device - 1]);
      PeerServer server = PeerServer.start("127.0.0.1", 0, store, ca.device(device, ORG),
          new GrantVerifier(ORG, grantKeys.getPublic(), Clock.systemUTC()));
      servers.add(server);
      stores.add(store);
      placement.addPeers(PeerRef.newBuilder().setDeviceId(device).setAddress("127.0.0.1:" + server.port()));
      placed.addPeerGrants(PeerGrant.newBuilder().setDeviceId(device).setGrant(grant));
    }
    return placed.addPlacements(placement).build();
  }

  private static List<byte[]> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(ChunkUploaderTlsTest::read).toList();
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
