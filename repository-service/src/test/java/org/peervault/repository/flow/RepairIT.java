package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
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
import org.peervault.repository.repair.PeerTask;
import org.peervault.repository.repair.PeerTaskStore;
import org.peervault.repository.repair.RepairConfig;
import org.peervault.repository.repair.RepairJob;
import org.peervault.repository.repair.RepairReport;
import org.peervault.repository.repair.RepairStatus;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * Repair live: six agents on real sockets (an owner and five peers), a backup, then two peers
 * switched off for good, one after the other; after the grace period each time, the repair job
 * orders peer-to-peer copies that the surviving agents carry out from their heartbeats, until
 * every chunk is back at target on live peers; a restore after that returns every byte. Last, a
 * copy whose only source holds corrupt bytes is refused by its target and reported failed.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepairIT {
  private static final long QUOTA = 1L << 30;
  private static final long REPAIR_TIMEOUT_MILLIS = 120_000;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  @Inject
  RepairJob job;

  @Inject
  RepairConfig config;

  @Inject
  RepairStatus status;

  @Inject
  ReplicaStore replicas;

  @Inject
  ReplicationPolicy replication;

  @Inject
  AgroalDataSource dataSource;

  @Inject
  PeerTaskStore tasks;

  private TestFleet fleet;
  private Path tree;
  private long snapshot;
  private final List<TestPeer> dead = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    fleet = TestFleet.start(enrollment, grpcServer, "repair", QUOTA, true, 5);
    tree = TestTrees.random(fleet.work.resolve("source/data"), 30, 6 << 20, 11);
  }

  @AfterAll
  void stop() {
    fleet.close();
  }

  @Test
  @Order(1)
  void backupPlacesEveryChunkOnPeers() throws IOException {
    BackupReport report = fleet.owner.backup(tree);

    assertThat(report.skipped()).isEmpty();
    snapshot = report.snapshotId();
    assertThat(chunkIds()).hasSizeGreaterThan(30);
    assertAtTarget();
  }

  @Test
  @Order(2)
  void twoPeersSwitchedOffForGoodAndRepairBringsEveryChunkBackToTarget() throws Exception {
    for (TestPeer victim : List.of(fleet.peers.get(0), fleet.peers.get(1))) {
      victim.stop();
      dead.add(victim);
      Thread.sleep(config.grace().toMillis() + 1500);

      List<RepairReport> runs = repairUntilAtTarget();

      assertThat(runs.get(0).belowTarget()).as("the victim held chunks").isPositive();
      assertThat(runs.stream().mapToInt(RepairReport::copiesOrdered).sum()).isPositive();
      assertThat(runs).allMatch(r -> r.unrecoverable() == 0 && r.unplaceable() == 0);
      assertAtTarget();
    }
    RepairStatus.Status after = status.of(fleet.organization);
    assertThat(after.unrecoverableChunks()).isZero();
    assertThat(after.copies().done()).isPositive();
    assertThat(after.copies().pending() + after.copies().leased()).isZero();
  }

  @Test
  @Order(3)
  void aRestoreAfterRepairReturnsEveryByte() throws IOException {
    Path target = fleet.work.resolve("restored");

    RestoreReport report = fleet.owner.restoreSnapshot(target, snapshot);

    assertThat(report.errors()).isEmpty();
    TestTrees.assertSameFiles(tree, target.resolve("data"));
  }

  @Test
  @Order(4)
  void aCopyFromACorruptSourceIsRefusedByItsTargetAndReportedFailed() throws Exception {
    // A chunk on two of the three live peers: one corrupts its copy, the other goes away, so the
    // third can copy it only from the corrupt one.
    List<TestPeer> live = fleet.peers.subList(2, 5);
    Set<Long> liveIds = live.stream().map(TestPeer::deviceId).collect(Collectors.toSet());
    Map<String, Set<Long>> before = QuarkusTransaction.requiringNew().call(() -> replicas.holders(chunkIds()));
    before.values().forEach(h -> h.retainAll(liveIds));
    String shared = before.entrySet().stream().filter(e -> e.getValue().size() == 2).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
    List<Long> pair = List.copyOf(before.get(shared));
    TestPeer corrupt = live.stream().filter(p -> p.deviceId() == pair.get(0)).findFirst().orElseThrow();
    TestPeer victim = live.stream().filter(p -> p.deviceId() == pair.get(1)).findFirst().orElseThrow();
    TestPeer target = live.stream().filter(p -> !pair.contains(p.deviceId())).findFirst().orElseThrow();
    assertThat(corrupt.corruptEveryChunk()).isPositive();
    victim.stop();
    dead.add(victim);
    Thread.sleep(config.grace().toMillis() + 1500);

    RepairReport run = job.run(fleet.organization).orElseThrow();
    assertThat(run.copiesOrdered()).isPositive();

    List<PeerTask> failed = List.of();
    long end = System.currentTimeMillis() + REPAIR_TIMEOUT_MILLIS;
    while (failed.stream().noneMatch(t -> t.chunkId().equals(shared)) && System.currentTimeMillis() < end) {
      Thread.sleep(500);
      failed = QuarkusTransaction.requiringNew().call(() -> tasks.ofDevice(target.deviceId())).stream()
          .filter(t -> t.kind() == PeerTask.Kind.COPY && t.state() == PeerTask.State.FAILED).toList();
    }
    assertThat(failed).as("copies whose only source is corrupt").extracting(PeerTask::chunkId).contains(shared);
    List<String> failedChunks = failed.stream().map(PeerTask::chunkId).toList();
    Map<String, Set<Long>> holders = QuarkusTransaction.requiringNew().call(() -> replicas.holders(failedChunks));
    for (PeerTask t : failed) {
      assertThat(target.holds(t.chunkId())).as("the target refused the bad bytes of %s", t.chunkId()).isFalse();
      assertThat(holders.getOrDefault(t.chunkId(), Set.of())).doesNotContain(target.deviceId());
    }
    assertThat(QuarkusTransaction.requiringNew().call(() -> failedDetails(target.deviceId())))
        .anyMatch(d -> d.contains("bytes fail the hash"));
  }

  private List<String> failedDetails(long deviceId) {
    String sql = "SELECT detail FROM peer_task WHERE device_id = ? AND state = 'FAILED'";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, deviceId);
      List<String> details = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          details.add(rs.getString(1));
        }
      }
      return details;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs repair until a run finds nothing below target; returns the runs. */
  private List<RepairReport> repairUntilAtTarget() throws InterruptedException {
    List<RepairReport> runs = new ArrayList<>();
    long end = System.currentTimeMillis() + REPAIR_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < end) {
      RepairReport run = job.run(fleet.organization).orElseThrow();
      runs.add(run);
      if (run.belowTarget() == 0) {
        return runs;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("repair did not bring every chunk back to target in "
        + REPAIR_TIMEOUT_MILLIS + " ms; last runs: " + runs.subList(Math.max(0, runs.size() - 3), runs.size()));
  }

  /**
   * Every chunk of the snapshot is held by at least the required number of live peers, and each
   * of them really has its bytes on disk.
   */
  private void assertAtTarget() {
    Set<Long> deadIds = dead.stream().map(TestPeer::deviceId).collect(Collectors.toSet());
    Map<Long, TestPeer> live = fleet.peers.stream().filter(p -> !deadIds.contains(p.deviceId()))
        .collect(Collectors.toMap(TestPeer::deviceId, p -> p));
    List<String> ids = chunkIds();
    Map<String, Set<Long>> holders = QuarkusTransaction.requiringNew().call(() -> replicas.holders(ids));
    for (String id : ids) {
      List<Long> onLive = holders.getOrDefault(id, Set.of()).stream().filter(live::containsKey).toList();
      assertThat(onLive).as("live holders of chunk %s", id).hasSizeGreaterThanOrEqualTo(replication.requiredReplicas());
      assertThat(onLive).allSatisfy(d -> assertThat(live.get(d).holds(id))
          .as("peer %d has chunk %s on disk", d, id).isTrue());
    }
  }

  private List<String> chunkIds() {
    String sql = "SELECT DISTINCT cr.chunk_id FROM chunk_ref cr JOIN file_version fv"
        + " ON fv.id = cr.file_version_id WHERE fv.snapshot_id = ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, snapshot);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
