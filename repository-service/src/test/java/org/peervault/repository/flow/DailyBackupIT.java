package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
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
import org.peervault.agent.backup.Backup;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.backup.BackupSettings;
import org.peervault.agent.index.FileIndex;
import org.peervault.agent.restore.ExistingFiles;
import org.peervault.agent.restore.Restore;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.agent.restore.RestoreRequest;
import org.peervault.agent.restore.SnapshotDiff;
import org.peervault.agent.scan.ExclusionClass;
import org.peervault.agent.scan.Exclusions;
import org.peervault.agent.scan.FileMode;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * The backup engine as people use it day after day, end to end: a faithful tree (links in and out
 * of it, unicode, long paths, a big sparse file, empty files and directories, modes and mtimes)
 * with exclusions; an unchanged re-run that opens and sends nothing; an edit that sends only its
 * changed chunks; a snapshot diff; files that change or vanish while read; restore in place with
 * skip, rename and overwrite. The steps build on each other, in order.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DailyBackupIT {
  private static final long QUOTA = 2L << 30;
  private static final long MTIME = 1_700_000_000_000L;
  private static final int DATA_BYTES = 8 << 20;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  private Path work;
  private Path tree;
  private TestPeer owner;
  private TestFleet fleet;
  private List<TestPeer> peers;
  private final List<Long> snapshots = new ArrayList<>();

  @BeforeAll
  void startPeers() throws IOException {
    fleet = TestFleet.start(enrollment, grpcServer, "daily", QUOTA, true, 2);
    work = fleet.work;
    owner = fleet.owner;
    peers = fleet.peers;
    tree = makeTree(work.resolve("source/home"));
  }

  @AfterAll
  void stopPeers() {
    fleet.close();
  }

  private BackupReport backup(Backup.SourceOpener opener) throws IOException {
    try (PeerChannels channels = new PeerChannels(owner.identity()); FileIndex index = FileIndex.open(work.resolve("index"))) {
      BackupReport report = new Backup(owner.repository(), channels, BackupSettings.defaults("owner"), opener)
          .withExclusions(Exclusions.of(EnumSet.allOf(ExclusionClass.class), List.of("*.iso"), "policy"))
          .withIndex(index)
          .run(List.of(tree));
      snapshots.add(report.snapshotId());
      return report;
    }
  }

  private BackupReport backup() throws IOException {
    return backup(file -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
  }

  private RestoreReport restore(Path target, ExistingFiles existing, String... paths) throws IOException {
    try (PeerChannels channels = new PeerChannels(owner.identity())) {
      return new Restore(owner.repository(), new ChunkFetcher(channels, new Sealer()), 4)
          .run(new RestoreRequest(target, 0, 0, 0, List.of(paths), existing));
    }
  }

  @Test
  @Order(1)
  void aFaithfulTreeIsBackedUpWithoutWhatIsExcludedAndRestoredExactly() throws IOException {
    BackupReport report = backup();
    assertThat(report.skipped()).isEmpty();
    assertThat(report.symlinks()).isEqualTo(3);
    assertThat(report.unchangedFiles()).isZero();

    Path target = work.resolve("restore-1");
    RestoreReport restored = restore(target, ExistingFiles.OVERWRITE);
    assertThat(restored.errors()).isEmpty();
    Path copy = target.resolve("home");
    assertSameTree(tree, copy);
    assertThat(copy.resolve("scratch.tmp")).doesNotExist();
    assertThat(copy.resolve("app/.cache")).doesNotExist();
    assertThat(copy.resolve("disk.iso")).doesNotExist();
    assertThat(Files.readSymbolicLink(copy.resolve("outside"))).isEqualTo(Path.of("/etc/hostname"));
    assertThat(Files.isSymbolicLink(copy.resolve("outside"))).isTrue();
    assertThat(Files.size(copy.resolve("sparse.img"))).isEqualTo(256L << 20);
  }

  @Test
  @Order(2)
  void anUnchangedTreeIsNeitherReadNorSent() throws IOException {
    BackupReport again = backup();
    assertThat(again.readBytes()).isZero();
    assertThat(again.unchangedFiles()).isEqualTo(again.files());
    assertThat(again.newChunks()).isZero();
    assertThat(again.uploadedBytes()).isZero();
    assertThat(again.skipped()).isEmpty();
  }

  @Test
  @Order(3)
  void aChangedFileSendsOnlyItsChangedChunksAndTheDiffShowsIt() throws IOException {
    Path data = tree.resolve("data.bin");
    try (RandomAccessFile raf = new RandomAccessFile(data.toFile(), "rw")) {
      raf.seek(DATA_BYTES / 2);
      int b = raf.read();
      raf.seek(DATA_BYTES / 2);
      raf.write(b ^ 0xff);
    }
    Files.setLastModifiedTime(data, FileTime.fromMillis(MTIME + 60_000));

    BackupReport report = backup();
    assertThat(report.readBytes()).isEqualTo(DATA_BYTES);
    assertThat(report.newChunks()).isBetween(1L, 2L);
    assertThat(report.uploadedBytes()).isLessThan(DATA_BYTES);

    SnapshotDiff.Result diff = SnapshotDiff.between(owner.repository(), 0, snapshots.get(1), snapshots.get(2));
    assertThat(diff.differences()).extracting(d -> d.change() + " " + d.path())
        .containsExactly("CHANGED home/data.bin");
    assertThat(diff.summary()).startsWith("0 added, 0 removed, 1 changed");
  }

  @Test
  @Order(4)
  void filesThatChangeOrVanishWhileReadAreRetriedOrReported() throws IOException {
    Files.writeString(tree.resolve("grows.log"), "line\n");
    Files.writeString(tree.resolve("settles.log"), "line\n");
    Files.writeString(tree.resolve("vanishes.txt"), "soon gone");
    int[] settlesOpened = {0};
    BackupReport report = backup(file -> {
      String name = file.getFileName().toString();
      var in = Files.newInputStream(file);
      if (name.equals("grows.log") || (name.equals("settles.log") && settlesOpened[0]++ == 0)) {
        Files.writeString(file, "more\n", StandardOpenOption.APPEND);
      }
      if (name.equals("vanishes.txt")) {
        return new FilterInputStream(in) {
          @Override
          public void close() throws IOException {
            super.close();
            Files.deleteIfExists(file);
          }
        };
      }
      return in;
    });
    assertThat(report.skipped()).extracting(s -> s.path() + ": " + s.reason()).containsExactlyInAnyOrder(
        "home/grows.log: changed while being read (3 attempts); the next backup will try again",
        "home/vanishes.txt: vanished while being read");
    RestoreReport restored = restore(work.resolve("restore-2"), ExistingFiles.OVERWRITE, "home/settles.log");
    assertThat(restored.errors()).isEmpty();
    assertThat(work.resolve("restore-2/home/settles.log")).hasContent("line\nmore\n");
  }

  @Test
  @Order(5)
  void restoringInPlaceSkipsRenamesOrOverwritesExistingFiles() throws IOException {
    Path home = work.resolve("restore-1/home");
    Files.writeString(home.resolve("docs/notes.txt"), "edited locally");

    RestoreReport skip = restore(work.resolve("restore-1"), ExistingFiles.SKIP, "home/docs");
    assertThat(skip.errors()).isEmpty();
    assertThat(skip.keptExisting()).isPositive();
    assertThat(home.resolve("docs/notes.txt")).hasContent("edited locally");

    RestoreReport rename = restore(work.resolve("restore-1"), ExistingFiles.RENAME, "home/docs/notes.txt");
    assertThat(rename.renamed()).isEqualTo(1);
    assertThat(home.resolve("docs/notes.txt")).hasContent("edited locally");
    assertThat(home.resolve("docs/notes.txt.restored")).hasContent("meeting notes\n");

    RestoreReport overwrite = restore(work.resolve("restore-1"), ExistingFiles.OVERWRITE, "home/docs/notes.txt");
    assertThat(overwrite.files()).isEqualTo(1);
    assertThat(home.resolve("docs/notes.txt")).hasContent("meeting notes\n");
  }

  /** Links in and out of the tree, unicode, a long path, a big sparse file, empties, modes; and things to exclude. */
  private static Path makeTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.createDirectories(root.resolve("empty dir"));
    Files.createDirectories(root.resolve("app/.cache"));
    Files.writeString(root.resolve("docs/notes.txt"), "meeting notes\n");
    Files.writeString(root.resolve("docs/ünïcödé 日本語 🎉.txt"), "名前\n");
    Files.writeString(root.resolve("app/.cache/blob"), "cached");
    Files.writeString(root.resolve("scratch.tmp"), "temporary");
    Files.writeString(root.resolve("disk.iso"), "image");
    Files.createFile(root.resolve("empty.txt"));
    Path deep = root;
    for (int i = 0; i < 6; i++) {
      deep = deep.resolve(("d" + i).repeat(100));
    }
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("é".repeat(120)), "deep down\n");
    byte[] data = new byte[DATA_BYTES];
    new Random(7).nextBytes(data);
    Files.write(root.resolve("data.bin"), data);
    try (RandomAccessFile raf = new RandomAccessFile(root.resolve("sparse.img").toFile(), "rw")) {
      raf.setLength(256L << 20);
      raf.seek(100L << 20);
      raf.write("an island in the zeros".getBytes());
    }
    Files.setPosixFilePermissions(root.resolve("docs/notes.txt"), PosixFilePermissions.fromString("rw-------"));
    Files.createSymbolicLink(root.resolve("inside"), Path.of("docs/notes.txt"));
    Files.createSymbolicLink(root.resolve("outside"), Path.of("/etc/hostname"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("no/such/file"));
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(p -> !Files.isSymbolicLink(p)).toList()) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(MTIME));
      }
    }
    return root;
  }

  private static void assertSameTree(Path expected, Path actual) throws IOException {
    try (Stream<Path> all = Files.walk(expected)) {
      for (Path source : all.toList()) {
        String relative = expected.relativize(source).toString();
        if (relative.startsWith("app/.cache") || relative.equals("scratch.tmp") || relative.equals("disk.iso")) {
          continue;
        }
        Path copy = actual.resolve(relative);
        assertThat(Files.exists(copy, LinkOption.NOFOLLOW_LINKS)).as(copy.toString()).isTrue();
        if (Files.isSymbolicLink(source)) {
          assertThat(Files.readSymbolicLink(copy)).isEqualTo(Files.readSymbolicLink(source));
          continue;
        }
        if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
          assertThat(Files.mismatch(source, copy)).as("bytes of " + copy).isEqualTo(-1);
        }
        assertThat(FileMode.read(copy)).as("mode of " + copy).isEqualTo(FileMode.read(source));
        assertThat(Files.getLastModifiedTime(copy, LinkOption.NOFOLLOW_LINKS))
            .as("mtime of " + copy).isEqualTo(Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
      }
    }
  }
}
