package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.repository.catalog.ReplicaStore;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.proof.ReplicaAudits;
import org.peervault.repository.repair.RepairJob;
import org.peervault.repository.repair.RepairReport;
import org.peervault.repository.retention.CollectionStore;
import org.peervault.repository.retention.Retention;
import org.peervault.repository.retention.RetentionReport;
import org.peervault.repository.retention.RetentionRun;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * Audits and retention live, with real agents on real sockets: a peer whose stored chunks are
 * corrupted on disk fails its audits (answered by the agent from its heartbeat tasks), its
 * replicas are marked lost and repair copies them to other peers; then a second backup and a
 * retention run 91 days later expire the first snapshot, the chunks only it used are deleted from
 * every peer's disk with the reclaimed bytes reported, and a restore of what remains returns
 * every byte.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditRetentionIT {
  private static final long QUOTA = 1L << 30;
  private static final long WAIT_MILLIS = 90_000;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  @Inject
  ReplicaAudits audits;

  @Inject
  RepairJob repair;

  @Inject
  Retention retention;

  @Inject
  CollectionStore collection;

  @Inject
  ReplicaStore replicas;

  @Inject
  ReplicationPolicy replication;

  @Inject
  AgroalDataSource dataSource;

  private TestFleet fleet;
  private Path tree;
  private long first;
  private long second;
  private TestPeer corrupted;

  @BeforeAll
  void start() throws IOException {
    fleet = TestFleet.start(enrollment, grpcServer, "audit", QUOTA, true, 4);
    tree = TestTrees.random(fleet.work.resolve("source/data"), 10, 3 << 20, 23);
  }

  @AfterAll
  void stop() {
    fleet.close();
  }

  @Test
  @Order(1)
  void aCorruptedReplicaIsCaughtByItsAuditMarkedLostAndReplacedByRepair() throws Exception {
    BackupReport backup = fleet.owner.backup(tree);
    first = backup.snapshotId();
    corrupted = fleet.peers.stream().max((a, b) -> Long.compare(a.usedBytes(), b.usedBytes()))
        .orElseThrow();
    int flipped = corrupted.corruptEveryChunk();
    assertThat(flipped).isPositive();

    int issued = audits.issue(fleet.organization, Instant.now());
    assertThat(issued).as("every replica has challenges from the upload").isPositive();
    waitFor("every audit answered", () -> count("SELECT count(*) FROM replica_audit"
        + " WHERE organization_id = ? AND outcome = 'PENDING'", fleet.organization) == 0);

    Map<String, Long> verdicts = verdictsByDevice(corrupted.deviceId());
    assertThat(verdicts).containsOnlyKeys("FAILED").containsEntry("FAILED", (long) flipped);
    assertThat(count("SELECT count(*) FROM replica_audit WHERE organization_id = ?"
        + " AND device_id <> " + corrupted.deviceId() + " AND outcome <> 'PASSED'",
        fleet.organization)).as("honest holders pass").isZero();
    assertThat(count("SELECT count(*) FROM replica WHERE device_id = ? AND state = 'LOST'",
        corrupted.deviceId())).isEqualTo(flipped);

    repairUntilAtTarget();
    assertAtTarget(chunksOf(first));
  }

  @Test
  @Order(2)
  void retentionDeletesTheChunksOnlyAnExpiredSnapshotUsedFromEveryPeer() throws Exception {
    Files.delete(tree.resolve("docs/file-0.bin"));
    Files.delete(tree.resolve("docs/file-1.bin"));
    Files.write(tree.resolve("docs/file-2.bin"), "changed".getBytes());
    second = fleet.owner.backup(tree).snapshotId();
    List<String> onlyFirst = new ArrayList<>(chunksOf(first));
    onlyFirst.removeAll(chunksOf(second));
    assertThat(onlyFirst).hasSize(3);
    long usedBefore = fleet.storedOnPeers();

    RetentionReport report = retention.run(fleet.organization,
        Instant.now().plus(Duration.ofDays(91)));

    assertThat(report.removedSnapshots()).isEqualTo(1);
    assertThat(report.collectedChunks()).isEqualTo(onlyFirst.size());
    assertThat(report.orderedDeletes()).isGreaterThanOrEqualTo(2L * onlyFirst.size());
    waitFor("every delete carried out", () ->
        collection.backlog(fleet.organization).pendingDeletes() == 0);
    for (String id : onlyFirst) {
      assertThat(count("SELECT count(*) FROM chunk WHERE id = ?", id)).isZero();
      for (TestPeer peer : fleet.peers) {
        assertThat(peer.holds(id)).as("peer %d still holds %s", peer.deviceId(), id).isFalse();
      }
    }
    RetentionRun run = collection.runs(fleet.organization, 1).get(0);
    assertThat(run.reclaimedBytes()).isPositive()
        .isEqualTo(usedBefore - fleet.storedOnPeers());
    assertThat(run.deletedReplicas()).isEqualTo(report.orderedDeletes());
  }

  @Test
  @Order(3)
  void aRestoreOfWhatRemainsReturnsEveryByte() throws IOException {
    Path target = fleet.work.resolve("restored");

    RestoreReport report = fleet.owner.restoreSnapshot(target, second);

    assertThat(report.errors()).isEmpty();
    TestTrees.assertSameFiles(tree, target.resolve("data"));
  }

  private void repairUntilAtTarget() throws InterruptedException {
    long end = System.currentTimeMillis() + WAIT_MILLIS;
    List<RepairReport> runs = new ArrayList<>();
    while (System.currentTimeMillis() < end) {
      RepairReport run = repair.run(fleet.organization).orElseThrow();
      runs.add(run);
      if (run.belowTarget() == 0) {
        assertThat(runs.get(0).belowTarget()).as("the lost replicas put chunks below target")
            .isPositive();
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("repair did not replace the lost replicas; last runs: " + runs);
  }

  /** Every chunk has its required replicas, confirmed, on honest peers that hold the bytes. */
  private void assertAtTarget(List<String> ids) {
    Map<String, Set<Long>> holders = QuarkusTransaction.requiringNew().call(() ->
        replicas.holders(ids));
    for (String id : ids) {
      Set<Long> on = holders.getOrDefault(id, Set.of());
      assertThat(on).as("holders of %s", id).doesNotContain(corrupted.deviceId())
          .hasSizeGreaterThanOrEqualTo(replication.requiredReplicas());
      for (TestPeer peer : fleet.peers) {
        if (on.contains(peer.deviceId())) {
          assertThat(peer.holds(id)).as("peer %d holds %s", peer.deviceId(), id).isTrue();
        }
      }
    }
  }

  private Map<String, Long> verdictsByDevice(long deviceId) throws SQLException {
    Map<String, Long> result = new java.util.HashMap<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT outcome, count(*) FROM replica_audit WHERE device_id = ? GROUP BY outcome")) {
      ps.setLong(1, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return result;
  }

  private List<String> chunksOf(long snapshotId) {
    List<String> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
        "SELECT DISTINCT cr.chunk_id FROM chunk_ref cr JOIN file_version fv"
        + " ON fv.id = cr.file_version_id WHERE fv.snapshot_id = ? ORDER BY 1")) {
      ps.setLong(1, snapshotId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }

  private long count(String sql, Object param) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(String what, BooleanSupplier done) throws InterruptedException {
    long end = System.currentTimeMillis() + WAIT_MILLIS;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(250);
    }
  }
}
