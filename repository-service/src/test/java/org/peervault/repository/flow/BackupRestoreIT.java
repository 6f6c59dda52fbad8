package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.peervault.agent.restore.RestoreReport;
import org.peervault.agent.scan.FileMode;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.policy.Policies;
import org.peervault.repository.policy.PolicySettings;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * The walking skeleton end to end: one owner and three peers back up a real tree through the
 * repository, lose a peer, meet a corrupt peer, and restore every byte, mode and mtime.
 * The steps build on each other, in order.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {
  private static final long QUOTA = 1L << 30;
  private static final long MTIME = 1_700_000_000_000L;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  @Inject
  Policies policies;

  private Path work;
  private Path tree;
  private TestPeer owner;
  private TestFleet fleet;
  private List<TestPeer> peers;

  @BeforeAll
  void startPeers() throws IOException {
    fleet = TestFleet.start(enrollment, grpcServer, "flow", QUOTA, true, 3);
    work = fleet.work;
    owner = fleet.owner;
    peers = fleet.peers;
    tree = makeTree(work.resolve("source/projects"));
  }

  @AfterAll
  void stopPeers() {
    fleet.close();
  }

  @Test
  @Order(1)
  void backupPutsEveryNewChunkOnTwoPeersNeverOnTheOwner() throws IOException {
    BackupReport report = owner.backup(tree);

    assertThat(report.skipped()).isEmpty();
    assertThat(report.files()).isEqualTo(7);
    assertThat(report.newChunks()).isGreaterThan(30);
    // The copy of the 6 MiB file costs no upload: at least its two (<= 4 MiB) chunks are reused.
    assertThat(report.deduplicatedChunks()).isGreaterThanOrEqualTo(2);
    assertThat(owner.usedBytes()).isZero();
    assertThat(peers.stream().mapToLong(TestPeer::usedBytes).sum()).isEqualTo(report.uploadedBytes());
    assertThat(owner.repository().listSnapshots(0)).extracting(s -> s.getId()).contains(report.snapshotId());
  }

  @Test
  @Order(2)
  void backupOfTheUnchangedTreeSendsNoChunkBytes() throws IOException {
    long stored = peers.stream().mapToLong(TestPeer::usedBytes).sum();

    BackupReport again = owner.backup(tree);

    assertThat(again.newChunks()).isZero();
    assertThat(again.uploadedBytes()).isZero();
    assertThat(again.files()).isEqualTo(7);
    assertThat(peers.stream().mapToLong(TestPeer::usedBytes).sum()).isEqualTo(stored);
  }

  @Test
  @Order(3)
  void restoreWithOnePeerStoppedReturnsEveryByteModeAndMtime() throws IOException {
    peers.get(2).stop();

    Path target = work.resolve("restore-1");
    RestoreReport report = owner.restore(target);

    assertThat(report.errors()).isEmpty();
    assertSameTree(tree, target.resolve("projects"));
    peers.get(2).resume();
  }

  @Test
  @Order(4)
  void aCorruptReplicaIsDetectedAndAnotherReplicaUsed() throws IOException {
    assertThat(peers.get(0).corruptEveryChunk()).isPositive();

    Path target = work.resolve("restore-2");
    RestoreReport report = owner.restore(target);

    assertThat(report.errors()).isEmpty();
    assertThat(report.corruptReplicas()).isPositive();
    assertSameTree(tree, target.resolve("projects"));
  }

  @Test
  @Order(5)
  void backupGoesOnWhenAPlacedPeerIsDeadMidRun() throws IOException {
    TestPeer dead = peers.get(1);
    long deadBefore = dead.usedBytes();
    dead.stop(); // still "live" to the repository until its heartbeat ages out
    Path more = Files.createDirectories(work.resolve("source2/more"));
    writeRandom(more.resolve("new.bin"), 3 << 20, 99);

    BackupReport report = owner.backup(more);

    assertThat(report.newChunks()).isPositive();
    assertThat(dead.usedBytes()).isEqualTo(deadBefore);
    RestoreReport restored = owner.restore(work.resolve("restore-3"), "more");
    assertThat(restored.errors()).isEmpty();
    assertThat(Files.mismatch(more.resolve("new.bin"), work.resolve("restore-3/more/new.bin"))).isEqualTo(-1);
    dead.resume();
  }

  @Test
  @Order(6)
  void vanishingAndUnreadableFilesAreReportedAndTheRestIsBackedUp() throws IOException {
    Path dir = Files.createDirectories(work.resolve("source3/mixed"));
    Files.writeString(dir.resolve("kept.txt"), "kept");
    Files.writeString(dir.resolve("vanishes.txt"), "gone before it is read");
    Files.writeString(dir.resolve("breaks.txt"), "x".repeat(100_000));

    BackupReport report = owner.backup(file -> switch (file.getFileName().toString()) {
      case "vanishes.txt" -> throw new java.nio.file.NoSuchFileException(file.toString());
      case "breaks.txt" -> new java.io.FilterInputStream(Files.newInputStream(file)) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          throw new IOException("Input/output error");
        }
      };
      default -> Files.newInputStream(file);
    }, dir);

    assertThat(report.skipped()).extracting(s -> s.path() + ": " + s.reason()).containsExactlyInAnyOrder(
        "mixed/vanishes.txt: vanished before it could be read",
        "mixed/breaks.txt: unreadable: Input/output error");
    assertThat(report.files()).isEqualTo(1);
    RestoreReport restored = owner.restore(work.resolve("restore-4"), "mixed");
    assertThat(restored.errors()).isEmpty();
    assertThat(work.resolve("restore-4/mixed/kept.txt")).hasContent("kept");
    assertThat(work.resolve("restore-4/mixed/vanishes.txt")).doesNotExist();
  }

  @Test
  @Order(7)
  void theAgentReadsThePolicyOfItsOrganization() {
    assertThat(owner.repository().policy().getId()).as("built-in defaults before any policy").isZero();
    policies.put(fleet.organization, null, "laptops", new PolicySettings(0, "laptops", List.of("~/Documents"),
        List.of("*.iso"), java.time.Duration.ofMinutes(30), 60, List.of(), 2555, 0.999, 1L << 30));

    org.peervault.proto.v1.Policy policy = owner.repository().policy();

    assertThat(policy.getName()).isEqualTo("laptops");
    assertThat(policy.getIncludePathsList()).containsExactly("~/Documents");
    assertThat(policy.getExcludePatternsList()).containsExactly("*.iso");
    assertThat(policy.getSchedule()).isEqualTo("PT30M");
  }

  @Test
  @Order(8)
  void theDaemonCatchesUpAtStartAndBacksUpOnItsSchedule() throws Exception {
    int before = owner.repository().listSnapshots(0).size();
    org.peervault.agent.daemon.RunRecord record = new org.peervault.agent.daemon.RunRecord(work.resolve("daemon"));
    java.util.concurrent.CountDownLatch twoRuns = new java.util.concurrent.CountDownLatch(2);

    try (org.peervault.agent.daemon.BackupDaemon daemon = org.peervault.agent.daemon.BackupDaemon.start(
        () -> new org.peervault.agent.daemon.Schedule(java.time.Duration.ofMillis(500), 0), record, () -> {
          owner.backup(tree);
          twoRuns.countDown();
        })) {
      assertThat(twoRuns.await(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    assertThat(owner.repository().listSnapshots(0).size()).isGreaterThanOrEqualTo(before + 2);
    assertThat(record.lastSuccess()).isPresent();
  }

  /** Nested dirs, empty file and dir, a 50 MiB file, unicode and space names, one file in two places. */
  private static Path makeTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("src/main/java"));
    Files.createDirectories(root.resolve("empty dir"));
    Files.createDirectories(root.resolve("Résumé ✓/東京"));
    Files.writeString(root.resolve("src/main/java/App.java"), "class App {}\n".repeat(5000));
    Files.writeString(root.resolve("src/README.md"), "# readme\n");
    Files.createFile(root.resolve("empty.txt"));
    Files.writeString(root.resolve("Résumé ✓/東京/naïve café.txt"), "Grüße — 東京\n");
    writeBig(root.resolve("big.bin"));
    writeRandom(root.resolve("photo.raw"), 6 << 20, 7);
    Files.copy(root.resolve("photo.raw"), root.resolve("Résumé ✓/photo copy.raw"));
    Files.setPosixFilePermissions(root.resolve("src/README.md"), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(root.resolve("empty.txt"), PosixFilePermissions.fromString("r--r-----"));
    Files.setPosixFilePermissions(root.resolve("Résumé ✓/東京"), PosixFilePermissions.fromString("rwxr-x---"));
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> paths = all.sorted((a, b) -> b.compareTo(a)).toList(); // children before parents
      long t = MTIME;
      for (Path p : paths) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(t += 1234));
      }
    }
    return root;
  }

  /** 50 MiB: random data, with one 1 MiB block repeated several times (chunk-level dedup). */
  private static void writeBig(Path file) throws IOException {
    Random random = new Random(42);
    byte[] block = new byte[1 << 20];
    byte[] repeated = new byte[1 << 20];
    random.nextBytes(repeated);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 50; i++) {
        if (i % 10 == 5) {
          out.write(repeated);
        } else {
          random.nextBytes(block);
          out.write(block);
        }
      }
    }
  }

  private static void writeRandom(Path file, int bytes, long seed) throws IOException {
    byte[] data = new byte[bytes];
    new Random(seed).nextBytes(data);
    Files.write(file, data);
  }

  private static void assertSameTree(Path expected, Path actual) throws IOException {
    try (Stream<Path> all = Files.walk(expected)) {
      for (Path source : all.toList()) {
        Path copy = actual.resolve(expected.relativize(source).toString());
        assertThat(copy).as(copy.toString()).exists();
        if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
          assertThat(Files.mismatch(source, copy)).as("bytes of " + copy).isEqualTo(-1);
        }
        assertThat(FileMode.read(copy)).as("mode of " + copy).isEqualTo(FileMode.read(source));
        if (!source.equals(expected)) {
          assertThat(Files.getLastModifiedTime(copy).toMillis()).as("mtime of " + copy)
              .isEqualTo(Files.getLastModifiedTime(source).toMillis());
        }
      }
    }
    try (Stream<Path> restored = Files.walk(actual)) {
      assertThat(restored.count()).as("nothing extra restored").isEqualTo(countEntries(expected));
    }
  }

  private static long countEntries(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.count();
    }
  }
}
