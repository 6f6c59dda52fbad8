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

  private List<Long> upload(SealedChunk chunk, Placement placement) {
    try (RepositoryClient repository = RepositoryClient.connect("127.0.0.1:1", uploader);
        PeerChannels peers = new PeerChannels(uploader)) {
      return new ChunkUploader(repository, peers).upload(chunk.id(), chunk.bytes(), placement);
    }
  }

  /** Two real peers (devices 1 and 2) with stores under {@code dir}, and a STORE grant for {@code grantee}. */
  private Placement placement(SealedChunk chunk, Path dir, long grantee) {
    Placement.Builder placement = Placement.newBuilder().setChunkId(chunk.id().hex()).setRequiredReplicas(2)
        .setGrant(TestPki.grant(grantKeys.getPrivate(), GrantAction.GRANT_ACTION_STORE, List.of(chunk.id().hex()),
            grantee, ORG, Instant.now().plusSeconds(300)));
    for (long device = 1; device <= 2; device++) {
      FileChunkStore store = FileChunkStore.open(dir.resolve("peer-" + device), 1 << 20);
      PeerServer server = PeerServer.start("127.0.0.1", 0, store, ca.device(device, ORG),
          new GrantVerifier(ORG, grantKeys.getPublic(), Clock.systemUTC()));
      servers.add(server);
      stores.add(store);
      placement.addPeers(PeerRef.newBuilder().setDeviceId(device).setAddress("127.0.0.1:" + server.port()));
    }
    return placement.build();
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
