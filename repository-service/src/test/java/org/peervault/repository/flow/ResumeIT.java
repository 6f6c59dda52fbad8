package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.peervault.agent.backup.Backup;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.backup.BackupSettings;
import org.peervault.agent.restore.Restore;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.agent.restore.RestoreRequest;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.agent.config.IdentityFiles;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * kill -9 in the middle of a backup, then run it again: an agent in a JVM of its own backs up
 * (slowed by an upload limit, in small batches) and is killed once peers hold a third of its chunks; no snapshot is
 * visible; the second run re-sends nothing the peers confirmed, commits, and restores byte for byte.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeIT {
  private static final long QUOTA = 1L << 30;
  private static final int FILES = 6;
  private static final int FILE_BYTES = 4 << 20;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  private TestFleet fleet;
  private Path work;
  private String repositoryAddress;
  private String token;

  @BeforeAll
  void startPeers() throws IOException {
    fleet = TestFleet.start(enrollment, grpcServer, "resume", QUOTA, false, 2);
    work = fleet.work;
    repositoryAddress = fleet.repository;
    token = fleet.token;
  }

  @AfterAll
  void stopPeers() {
    fleet.close();
  }

  private long storedOnPeers() {
    return fleet.storedOnPeers();
  }

  @Test
  void aBackupKilledMidwayResumesWithoutResendingAndNeverShowsAHalfSnapshot() throws Exception {
    Path tree = Files.createDirectories(work.resolve("laptop/documents"));
    Random random = new Random(11);
    for (int i = 0; i < FILES; i++) {
      byte[] data = new byte[FILE_BYTES];
      random.nextBytes(data);
      Files.write(tree.resolve("file-" + i + ".bin"), data);
    }
    TestPeer.Enrolled laptopDevice = TestPeer.enroll(repositoryAddress, token, "laptop", QUOTA);
    DeviceIdentity identity = laptopDevice.identity();
    Path identityDir = work.resolve("laptop-identity");
    IdentityFiles.save(identityDir, new IdentityFiles.Stored(identity.credential().key(), identity.certificate(),
        identity.caCertificate(), laptopDevice.grantKey()));

    Path log = work.resolve("child.log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), BackupMain.class.getName(),
        repositoryAddress, identityDir.toString(), Long.toString(identity.deviceId()),
        Long.toString(identity.organizationId()), tree.toString(), Long.toString(3L << 20))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (storedOnPeers() < (16L << 20) && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(child.isAlive()).as("the child backup was still running when killed; its log:%n%s",
        Files.readString(log)).isTrue();
    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(storedOnPeers()).isPositive();

    try (RepositoryClient laptop = RepositoryClient.connect(repositoryAddress, identity);
        PeerChannels channels = new PeerChannels(identity)) {
      assertThat(laptop.listSnapshots(0)).as("no half-committed snapshot is visible").isEmpty();

      BackupReport resumed = new Backup(laptop, channels, BackupSettings.defaults("laptop")).run(List.of(tree));
      long storedInAll = storedOnPeers();
      assertThat(resumed.skipped()).isEmpty();
      assertThat(resumed.deduplicatedChunks()).as("chunks confirmed before the kill").isPositive();
      assertThat(resumed.uploadedBytes()).isLessThan(storedInAll);
      assertThat(laptop.listSnapshots(0)).extracting(s -> s.getId()).containsExactly(resumed.snapshotId());

      RestoreReport restored = new Restore(laptop, new ChunkFetcher(channels, new Sealer()), 4)
          .run(new RestoreRequest(work.resolve("restored"), 0, 0, 0, List.of()));
      assertThat(restored.errors()).isEmpty();
      for (int i = 0; i < FILES; i++) {
        assertThat(Files.mismatch(tree.resolve("file-" + i + ".bin"),
            work.resolve("restored/documents/file-" + i + ".bin"))).isEqualTo(-1);
      }
    }
  }
}
