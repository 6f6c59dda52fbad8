package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.AddFilesRequest;
import org.peervault.proto.v1.BeginSnapshotRequest;
import org.peervault.proto.v1.CommitSnapshotRequest;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.ListSnapshotsRequest;
import org.peervault.proto.v1.LookupChunksRequest;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.PlanRestoreRequest;
import org.peervault.proto.v1.ReportTasksRequest;
import org.peervault.proto.v1.SnapshotStats;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;
import org.peervault.repository.catalog.ChunkStore;
import org.peervault.repository.policy.Policies;
import org.peervault.repository.policy.PolicySettings;
import org.peervault.repository.retention.CollectionStore;
import org.peervault.repository.retention.Retention;
import org.peervault.repository.retention.RetentionReport;
import org.peervault.repository.retention.RetentionRun;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * Retention and garbage collection against the real catalog: versions expire by the policy
 * (records kept longer, the newest snapshot whole), unreferenced chunks are collected and deleted
 * from their holders through peer tasks, and a backup deduplicating against a chunk being
 * collected is refused rather than left referencing bytes about to vanish.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RetentionRpcTest extends RpcTestSupport {
  private static final long GiB = 1L << 30;

  @Inject
  Retention retention;

  @Inject
  CollectionStore collection;

  @Inject
  ChunkStore chunkStore;

  @Inject
  Policies policies;

  @Inject
  AgroalDataSource dataSource;

  private Org org;
  private Agent owner;
  private Agent peerA;
  private Agent peerB;

  @BeforeEach
  void fleet() {
    org = newOrganization("retention");
    owner = org.register("owner", GiB, "hq", "1");
    peerA = org.register("peer-a", GiB, "a", "2");
    peerB = org.register("peer-b", GiB, "b", "3");
    PolicySettings d = PolicySettings.defaults();
    policies.put(org.id(), null, "records", new PolicySettings(0, "records", d.includePaths(),
        d.excludePatterns(), d.schedule(), 90, List.of("*.pdf"), 2555, d.targetAvailability(),
        d.peerQuotaBytes()));
  }

  private FakeChunk replicated(long size) {
    FakeChunk c = FakeChunk.random(size);
    c.confirmOn(owner, peerA, peerB);
    return c;
  }

  private long snapshot(FileVersion... files) {
    long id = owner.stub().beginSnapshot(BeginSnapshotRequest.newBuilder().setHost("h")
        .addRoots("/home").build()).getSnapshotId();
    owner.stub().addFiles(AddFilesRequest.newBuilder().setSnapshotId(id)
        .addAllFiles(List.of(files)).build());
    owner.stub().commitSnapshot(CommitSnapshotRequest.newBuilder().setSnapshotId(id)
        .setStats(SnapshotStats.newBuilder().setFiles(files.length)).build());
    return id;
  }

  private List<String> restoredPaths(long snapshotId) {
    List<String> paths = new ArrayList<>();
    owner.stub().planRestore(PlanRestoreRequest.newBuilder().setSnapshotId(snapshotId).build())
        .forEachRemaining(b -> paths.addAll(paths(b.getFilesList())));
    return paths;
  }

  private String knownId(FakeChunk c) {
    return owner.stub().lookupChunks(LookupChunksRequest.newBuilder().addPlainHashes(c.hash())
        .build()).getKeys(0).getChunkId();
  }

  private static List<PeerTask> deletes(Agent agent) {
    return agent.stub().heartbeat(HeartbeatRequest.newBuilder().setQuotaBytes(GiB).build())
        .getTasksList().stream().filter(t -> t.getKindCase() == PeerTask.KindCase.DELETE).toList();
  }

  private static void reportDeleted(Agent agent, PeerTask task, long freed) {
    agent.stub().reportTasks(ReportTasksRequest.newBuilder().addResults(TaskResult.newBuilder()
        .setTaskId(task.getTaskId()).setAttempt(task.getAttempt())
        .setOutcome(TaskOutcome.TASK_OUTCOME_DONE).setFreedBytes(freed)).build());
  }

  private RetentionReport runAt(Duration later) {
    return retention.run(org.id(), Instant.now().plus(later));
  }

  private long count(String sql, Object param) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void versionsExpireByPolicyAndTheirChunksAreDeletedFromEveryHolder() throws Exception {
    FakeChunk a = replicated(100);
    FakeChunk pdf = replicated(200);
    FakeChunk shared = replicated(300);
    FakeChunk c = replicated(400);
    long old = snapshot(regularFile("home/a.txt", 1, a), regularFile("home/b.pdf", 1, pdf),
        regularFile("home/shared.txt", 1, shared));
    long newest = snapshot(regularFile("home/c.txt", 2, c), regularFile("home/shared.txt", 1, shared));

    assertThat(runAt(Duration.ofDays(89))).as("younger than 90 days: nothing expires")
        .isEqualTo(RetentionReport.NONE);
    RetentionReport report = runAt(Duration.ofDays(91));

    assertThat(report).isEqualTo(new RetentionReport(2, 0, 1, 2));
    assertThat(restoredPaths(old)).as("the record stays").containsExactly("home/b.pdf");
    assertThat(restoredPaths(newest)).containsExactly("home/c.txt", "home/shared.txt");
    assertThat(knownId(a)).as("a collected chunk is absent to lookups").isEmpty();
    assertThat(knownId(shared)).isEqualTo(shared.id());

    // Every holder gets a delete order; as they report, replicas and then the chunk go.
    for (Agent holder : List.of(peerA, peerB)) {
      List<PeerTask> tasks = deletes(holder);
      assertThat(tasks).extracting(t -> t.getDelete().getChunkId()).containsExactly(a.id());
      reportDeleted(holder, tasks.get(0), a.storedSize());
    }
    assertThat(count("SELECT count(*) FROM chunk WHERE id = ?", a.id())).isZero();
    RetentionRun run = collection.runs(org.id(), 5).stream()
        .filter(r -> r.collectedChunks() == 1).findFirst().orElseThrow();
    assertThat(run.deletedReplicas()).isEqualTo(2);
    assertThat(run.reclaimedBytes()).isEqualTo(2 * a.storedSize());
    assertThat(collection.backlog(org.id())).isEqualTo(new RetentionRun.Backlog(0, 0, 0));

    // Seven years on, the record goes too, and its snapshot with it; the newest stays whole.
    assertThat(runAt(Duration.ofDays(2556))).isEqualTo(new RetentionReport(1, 1, 1, 2));
    assertThat(owner.stub().listSnapshots(ListSnapshotsRequest.getDefaultInstance())
        .getSnapshotsList()).extracting(s -> s.getId()).containsExactly(newest);
    assertThat(restoredPaths(newest)).containsExactly("home/c.txt", "home/shared.txt");
  }

  @Test
  void aBackupCannotReferenceRecordOrResendAChunkBeingCollected() {
    FakeChunk gone = replicated(100);
    snapshot(regularFile("home/gone.txt", 1, gone));
    snapshot(regularFile("home/other.txt", 1, replicated(50)));
    runAt(Duration.ofDays(91));
    assertThat(knownId(gone)).isEmpty();

    long next = owner.stub().beginSnapshot(BeginSnapshotRequest.newBuilder().setHost("h").build())
        .getSnapshotId();
    Status reference = failure(() -> owner.stub().addFiles(AddFilesRequest.newBuilder()
        .setSnapshotId(next).addFiles(regularFile("home/gone.txt", 1, gone)).build()));
    assertThat(reference.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    Status resend = failure(() -> gone.confirmOn(owner, peerA, peerB));
    assertThat(resend.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(resend.getDescription()).contains("garbage collection");
  }

  @Test
  void aLookupRecordsTheRequestOnlyWhenTheLastIsAQuarterOfTheGraceOld() throws Exception {
    FakeChunk c = replicated(100);

    setWantedHoursAgo(c, 7);
    knownId(c);
    assertThat(wantedHoursAgo(c)).as("7 h old: recorded again").isLessThan(0.1);

    setWantedHoursAgo(c, 5);
    knownId(c);
    assertThat(wantedHoursAgo(c)).as("5 h old, within a quarter of the 24 h grace: left").isBetween(4.9, 5.1);
  }

  private void setWantedHoursAgo(FakeChunk c, int hours) throws java.sql.SQLException {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
        "UPDATE chunk SET wanted_at = now() - make_interval(hours => ?) WHERE id = ?")) {
      ps.setInt(1, hours);
      ps.setString(2, c.id());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private double wantedHoursAgo(FakeChunk c) throws java.sql.SQLException {
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
        "SELECT EXTRACT(EPOCH FROM now() - wanted_at) / 3600 FROM chunk WHERE id = ?")) {
      ps.setString(1, c.id());
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getDouble(1);
      }
    }
  }

  @Test
  void aChunkAskedForWithinTheGraceIsNotCollected() {
    FakeChunk unreferenced = replicated(100);

    assertThat(runAt(Duration.ofHours(1)).collectedChunks()).isZero();
    assertThat(knownId(unreferenced)).as("looked up again now").isEqualTo(unreferenced.id());
    assertThat(runAt(Duration.ofHours(2)).collectedChunks()).as("still within the grace").isZero();
    assertThat(runAt(Duration.ofDays(2)).collectedChunks()).isEqualTo(1);
  }

  @Test
  void aChunkBeingReferencedRightNowIsNotMarked() throws Exception {
    FakeChunk c = replicated(100);
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // A backup's AddFiles reads the chunks it names with a share lock, until it commits.
    CompletableFuture<Void> backup = CompletableFuture.runAsync(() ->
        QuarkusTransaction.requiringNew().run(() -> {
          assertThat(chunkStore.contents(org.id(), List.of(c.id()))).containsKey(c.id());
          locked.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
    Instant later = Instant.now().plus(Duration.ofDays(2));

    List<String> marked = QuarkusTransaction.requiringNew().call(() ->
        collection.mark(org.id(), later, later.minus(Duration.ofDays(1)), 1000));

    release.countDown();
    backup.get(30, TimeUnit.SECONDS);
    assertThat(marked).doesNotContain(c.id());
  }

  @Test
  void aReferenceCommittedDuringTheMarkUnmarksTheChunk() throws Exception {
    FakeChunk c = replicated(100);
    Instant later = Instant.now().plus(Duration.ofDays(2));
    List<String> marked = QuarkusTransaction.requiringNew().call(() ->
        collection.mark(org.id(), later, later.minus(Duration.ofDays(1)), 1000));
    assertThat(marked).contains(c.id());
    // A file version that committed after the mark's snapshot was taken, before its commit.
    long snapshot = owner.stub().beginSnapshot(BeginSnapshotRequest.newBuilder().setHost("h")
        .build()).getSnapshotId();
    try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(
        "WITH fv AS (INSERT INTO file_version (snapshot_id, path, kind, size_bytes, mode,"
        + " mtime_millis) VALUES (?, 'late', 'REGULAR', 100, 420, 1) RETURNING id)"
        + " INSERT INTO chunk_ref SELECT fv.id, 0, ?, 100 FROM fv")) {
      ps.setLong(1, snapshot);
      ps.setString(2, c.id());
      ps.executeUpdate();
    }

    List<String> unmarked = QuarkusTransaction.requiringNew().call(() ->
        collection.unmarkReferenced(marked));

    assertThat(unmarked).containsExactly(c.id());
    assertThat(knownId(c)).isEqualTo(c.id());
  }
}
