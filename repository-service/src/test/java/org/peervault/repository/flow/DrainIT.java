package org.peervault.repository.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.repair.Drains;
import org.peervault.repository.repair.RepairJob;
import org.peervault.repository.repair.RepairReport;
import org.peervault.repository.repair.RepairStatus;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * A drain end to end on real agents: an admin drains a peer that holds chunks; the repair job has
 * the other agents copy them peer to peer; the peer is retired and deletes every chunk it held
 * (its store ends empty); with it switched off, a restore still returns every byte.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrainIT {
  private static final long QUOTA = 1L << 30;
  private static final long TIMEOUT_MILLIS = 120_000;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  @Inject
  Drains drains;

  @Inject
  RepairJob job;

  @Inject
  RepairStatus status;

  private TestFleet fleet;
  private Path tree;

  @BeforeAll
  void start() throws IOException {
    fleet = TestFleet.start(enrollment, grpcServer, "drain", QUOTA, true, 4);
    tree = TestTrees.random(fleet.work.resolve("source/data"), 20, 3 << 20, 23);
  }

  @AfterAll
  void stop() {
    fleet.close();
  }

  @Test
  void aDrainedPeerHasItsChunksCopiedElsewhereIsRetiredAndEndsEmpty() throws Exception {
    BackupReport backup = fleet.owner.backup(tree);
    TestPeer drained = fleet.peers.stream().max((a, b) -> Long.compare(a.usedBytes(), b.usedBytes()))
        .orElseThrow();
    assertThat(drained.usedBytes()).isPositive();

    drains.drain(fleet.organization, drained.deviceId());

    long end = System.currentTimeMillis() + TIMEOUT_MILLIS;
    RepairReport run = job.run(fleet.organization).orElseThrow();
    assertThat(run.copiesOrdered()).as("the drained peer's chunks are copied elsewhere").isPositive();
    while (!run.retiredPeers().contains(drained.deviceId()) && System.currentTimeMillis() < end) {
      Thread.sleep(1000);
      run = job.run(fleet.organization).orElseThrow();
    }
    assertThat(run.retiredPeers()).containsExactly(drained.deviceId());
    assertThat(QuarkusTransaction.requiringNew().call(() -> Device.<Device>findById(drained.deviceId()).peerState))
        .isEqualTo(Device.PeerState.RETIRED);

    while (drained.usedBytes() > 0 && System.currentTimeMillis() < end) {
      Thread.sleep(500);
    }
    assertThat(drained.usedBytes()).as("the retired peer deleted every chunk it held").isZero();
    awaitDeletesRecorded(end);
    RepairStatus.Status after = status.of(fleet.organization);
    assertThat(after.drains()).singleElement().satisfies(d -> {
      assertThat(d.deviceId()).isEqualTo(drained.deviceId());
      assertThat(d.peerState()).isEqualTo("RETIRED");
      assertThat(d.replicasLeft()).isZero();
    });

    drained.stop();
    Path target = fleet.work.resolve("restored");
    RestoreReport restored = fleet.owner.restoreSnapshot(target, backup.snapshotId());
    assertThat(restored.errors()).isEmpty();
    TestTrees.assertSameFiles(tree, target.resolve("data"));
    assertThat(job.run(fleet.organization).orElseThrow().belowTarget()).isZero();
  }

  private void awaitDeletesRecorded(long end) throws InterruptedException {
    while (System.currentTimeMillis() < end) {
      RepairStatus.TaskCounts deletes = status.of(fleet.organization).deletes();
      if (deletes.pending() + deletes.leased() == 0) {
        return;
      }
      Thread.sleep(300);
    }
  }
}
