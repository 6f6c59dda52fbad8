package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.chunk.Chunk;
import org.peervault.agent.chunk.ChunkStream;
import org.peervault.agent.chunk.Chunker;
import org.peervault.agent.chunk.ChunkerParams;
import org.peervault.agent.chunk.Hashes;
import org.peervault.agent.transfer.AuthenticationException;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.proto.v1.FetchChunkRequest;
import org.peervault.repository.device.Devices;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.keys.KeyRing;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * Trust end to end: what peers hold after a real backup, key rotation between two backups, and a
 * revoked device shut out by the repository and, within a heartbeat, by its peers.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustIT {
  private static final long QUOTA = 1L << 30;
  private static final String MARKER = "PEERVAULT-PLAINTEXT-MARKER-7f3a9c";

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  @Inject
  KeyRing keyRing;

  @Inject
  Devices devices;

  private long organization;
  private Path work;
  private Path tree;
  private TestPeer owner;
  private TestFleet fleet;
  private List<TestPeer> peers;
  private long firstSnapshot;

  @BeforeAll
  void startPeers() throws IOException {
    fleet = TestFleet.start(enrollment, grpcServer, "trust", QUOTA, true, 3);
    work = fleet.work;
    owner = fleet.owner;
    peers = fleet.peers;
    organization = fleet.organization;
    tree = Files.createDirectories(work.resolve("source/secrets"));
    Files.writeString(tree.resolve("notes.txt"), (MARKER + " salary table\n").repeat(2000));
    byte[] random = new byte[3 << 20];
    new Random(5).nextBytes(random);
    System.arraycopy(MARKER.getBytes(StandardCharsets.US_ASCII), 0, random, 1 << 20, MARKER.length());
    Files.write(tree.resolve("blob.bin"), random);
  }

  @AfterAll
  void stopPeers() {
    fleet.close();
  }

  @Test
  @Order(1)
  void afterABackupNoPeerHoldsAPlaintextMarkerNorAPlaintextHash() throws IOException {
    BackupReport report = owner.backup(tree);
    firstSnapshot = report.snapshotId();
    assertThat(report.newChunks()).isPositive();

    List<byte[]> needles = new ArrayList<>();
    needles.add(MARKER.getBytes(StandardCharsets.US_ASCII));
    for (byte[] hash : plainHashes(tree)) {
      needles.add(hash);
      needles.add(HexFormat.of().formatHex(hash).getBytes(StandardCharsets.US_ASCII));
    }
    long bytesChecked = 0;
    long bytesHeld = 0;
    for (TestPeer peer : peers) {
      bytesHeld += peer.usedBytes();
      try (Stream<Path> files = Files.walk(peer.storeDir())) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          byte[] content = Files.readAllBytes(file);
          for (byte[] needle : needles) {
            assertThat(indexOf(content, needle)).as("%s holds a plaintext marker or hash", file).isEqualTo(-1);
          }
          bytesChecked += content.length;
        }
      }
    }
    assertThat(bytesHeld).as("the peers hold the backup").isPositive();
    assertThat(bytesChecked).as("every stored byte was searched").isGreaterThanOrEqualTo(bytesHeld);
  }

  @Test
  @Order(2)
  void afterRotationNewChunksUseTheNewKeyVersionAndBothSnapshotsRestore() throws IOException {
    int before = keyRing.currentVersion(organization);
    int rotated = keyRing.rotate(organization);
    assertThat(rotated).isEqualTo(before + 1);
    byte[] fresh = new byte[2 << 20];
    new Random(6).nextBytes(fresh);
    Files.write(tree.resolve("after-rotation.bin"), fresh);

    BackupReport second = owner.backup(tree);

    assertThat(second.newChunks()).isPositive();
    byte[] freshHash = plainHashes(tree.resolve("after-rotation.bin")).get(0);
    byte[] oldHash = plainHashes(tree.resolve("blob.bin")).get(0);
    assertThat(owner.repository().lookup(List.of(freshHash)).get(0).getKeyVersion()).isEqualTo(rotated);
    assertThat(owner.repository().lookup(List.of(oldHash)).get(0).getKeyVersion()).isEqualTo(before);
    Path one = work.resolve("restore-1");
    Path two = work.resolve("restore-2");
    assertThat(owner.restoreSnapshot(one, firstSnapshot).errors()).isEmpty();
    assertThat(owner.restoreSnapshot(two, second.snapshotId()).errors()).isEmpty();
    assertThat(Files.mismatch(tree.resolve("blob.bin"), one.resolve("secrets/blob.bin"))).isEqualTo(-1);
    assertThat(one.resolve("secrets/after-rotation.bin")).doesNotExist();
    assertThat(Files.mismatch(tree.resolve("after-rotation.bin"), two.resolve("secrets/after-rotation.bin")))
        .isEqualTo(-1);
  }

  @Test
  @Order(3)
  void aRevokedDeviceIsRefusedByTheRepositoryAndWithinAHeartbeatByItsPeers() throws Exception {
    TestPeer stolen = peers.get(2);

    devices.revoke(organization, stolen.deviceId());

    AuthenticationException refused = catchThrowableOfType(AuthenticationException.class,
        () -> stolen.repository().listSnapshots(0));
    assertThat(refused).hasMessageContaining("was revoked");
    TestPeer target = peers.get(0);
    Status status = null;
    try (PeerChannels channels = new PeerChannels(stolen.identity())) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
            () -> channels.peer(target.deviceId(), target.address(), 5_000)
                .fetchChunk(FetchChunkRequest.newBuilder().setChunkId("0".repeat(64)).build()));
        status = e.getStatus();
        // Until its next heartbeat the peer knows nothing of the revocation (and refuses the
        // missing grant); from then on it refuses the device itself.
        if (status.getDescription() != null && status.getDescription().contains("revoked")) {
          break;
        }
        Thread.sleep(500);
      }
    }
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).contains("revoked");
  }

  /** SHA-256 of the plaintext of every chunk of the files under {@code path}, as the agent cuts them. */
  private static List<byte[]> plainHashes(Path path) throws IOException {
    List<byte[]> hashes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file);
            ChunkStream chunks = new Chunker(ChunkerParams.defaults()).split(in)) {
          Chunk chunk;
          while ((chunk = chunks.next()) != null) {
            hashes.add(Hashes.sha256(chunk.data()));
          }
        }
      }
    }
    return hashes;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
