package org.peervault.repository.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peervault.agent.transfer.DeviceKeys;
import org.peervault.repository.ErrorKind;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.catalog.Chunks;
import org.peervault.repository.catalog.FileEntry;
import org.peervault.repository.catalog.FileVersion;
import org.peervault.repository.catalog.SnapshotStats;
import org.peervault.repository.catalog.Snapshots;
import org.peervault.repository.catalog.ReplicaStore;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Devices;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.placement.ChunkPlacement;
import org.peervault.repository.placement.Peer;
import org.peervault.repository.placement.PlacementService;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * The repair job and drains on the real database, with devices whose last heartbeat the test
 * sets: copies ordered from survivors, nothing for a peer back within grace, unrecoverable chunks
 * reported once, the byte rate, the advisory lock, and a drain from start to retirement. What the
 * agents do with the tasks is simulated by leasing and reporting as they would.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RepairTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject
  Enrollment enrollment;

  @Inject
  Chunks chunks;

  @Inject
  Snapshots snapshots;

  @Inject
  Devices devices;

  @Inject
  ReplicaStore replicas;

  @Inject
  PeerTaskStore taskStore;

  @Inject
  PeerTasks peerTasks;

  @Inject
  RepairJob job;

  @Inject
  RepairLock lock;

  @Inject
  RepairStatus status;

  @Inject
  RepairConfig config;

  @Inject
  Drains drains;

  @Inject
  PlacementService placement;

  @Inject
  AgroalDataSource dataSource;

  @Inject
  Scheduler scheduler;

  @Inject
  RepairJob.Disabled skip;

  private long org;
  private String token;
  private long owner;
  private long p1;
  private long p2;
  private long p3;
  private long p4;

  @BeforeEach
  void fleet() {
    org = enrollment.createOrganization("repair-" + UUID.randomUUID());
    String issued = enrollment.issueToken(org, false, null);
    token = issued.substring(0, issued.lastIndexOf('.'));
    owner = enroll("owner");
    p1 = enroll("p1");
    p2 = enroll("p2");
    p3 = enroll("p3");
    p4 = enroll("p4");
    for (long d : List.of(owner, p1, p2, p3, p4)) {
      seen(d, Instant.now());
    }
  }

  private long enroll(String name) {
    return enrollment.enroll(new Enrollment.EnrollRequest(token, DeviceKeys.csr(DeviceKeys.newKeyPair(), name),
        new Enrollment.DeviceRequest(token, name, "127.0.0.1:1", 1L << 30, "site-" + name, ""))).deviceId();
  }

  private void seen(long device, Instant at) {
    QuarkusTransaction.requiringNew().run(() -> Device.<Device>findById(device).lastSeenAt = at);
  }

  private void gone(long device) {
    seen(device, Instant.now().minus(config.grace()).minusSeconds(30));
  }

  /** A chunk of the owner confirmed on {@code holders}, in a committed snapshot; returns its id. */
  private String chunk(long storedSize, long... holders) {
    byte[] plain = new byte[32];
    RANDOM.nextBytes(plain);
    byte[] cipher = new byte[32];
    RANDOM.nextBytes(cipher);
    String id = HexFormat.of().formatHex(cipher);
    Caller caller = new Caller(owner, org);
    int version = chunks.lookup(caller, List.of(plain)).get(0).keyVersion();
    chunks.confirm(caller, List.of(new Chunks.Confirmation(id, plain, 100, storedSize, version,
        java.util.Arrays.stream(holders).boxed().toList())));
    long snapshot = snapshots.begin(caller, "owner", List.of("/home")).id();
    snapshots.addFiles(caller, snapshot, List.of(new FileEntry("home/" + id, FileVersion.Kind.REGULAR, 100,
        0644, 0, null, List.of(new FileEntry.Slice(id, 100, plain)))));
    snapshots.commit(caller, snapshot, new SnapshotStats(1, 100, 1, 0, storedSize, 0));
    return id;
  }

  private Set<Long> holders(String chunkId) {
    return QuarkusTransaction.requiringNew().call(() ->
        replicas.holders(List.of(chunkId)).getOrDefault(chunkId, Set.of()));
  }

  private List<PeerTask> tasksOf(long device) {
    return QuarkusTransaction.requiringNew().call(() -> taskStore.ofDevice(device));
  }

  private RepairReport run() {
    return job.run(org).orElseThrow();
  }

  /** The device carries out every task handed to it, as an agent would, and reports them done. */
  private int carryOut(long device) {
    Caller caller = new Caller(device, org);
    List<PeerTasks.Issued> issued = peerTasks.lease(caller);
    return peerTasks.report(caller, issued.stream().map(i -> new TaskReport(i.task().id(),
        i.task().attempts(), true, "done", i.task().storedSizeBytes(), 0, new byte[0])).toList());
  }

  @Test
  void aPeerGoneLongerThanTheGracePeriodHasItsChunksCopiedFromTheSurvivor() {
    String c = chunk(1000, p1, p2);
    gone(p2);

    RepairReport first = run();

    assertThat(first.belowTarget()).isEqualTo(1);
    assertThat(first.copiesOrdered()).isEqualTo(1);
    long target = List.of(p3, p4).stream().filter(d -> !tasksOf(d).isEmpty()).findFirst().orElseThrow();
    PeerTask copy = tasksOf(target).get(0);
    assertThat(copy.kind()).isEqualTo(PeerTask.Kind.COPY);
    assertThat(copy.chunkId()).isEqualTo(c);
    assertThat(copy.reason()).isEqualTo("repair");
    assertThat(tasksOf(owner)).as("never the owner").isEmpty();

    RepairReport second = run();
    assertThat(second.copiesOrdered()).as("no duplicate while the copy is under way").isZero();
    assertThat(second.copying()).isEqualTo(1);

    List<PeerTasks.Issued> handed = peerTasks.lease(new Caller(target, org));
    assertThat(handed).singleElement().satisfies(i ->
        assertThat(i.sources()).extracting(PeerTasks.Source::deviceId).containsExactly(p1));
    peerTasks.report(new Caller(target, org), List.of(new TaskReport(handed.get(0).task().id(), 1, true,
        "copied", 0, 1000, new byte[0])));

    assertThat(holders(c)).contains(p1, target);
    RepairReport third = run();
    assertThat(third.belowTarget()).isZero();
    assertThat(third.copiesOrdered()).isZero();
  }

  @Test
  void aPeerBackWithinTheGracePeriodCostsNoCopy() {
    chunk(1000, p1, p2);
    seen(p2, Instant.now().minus(config.grace()).plusSeconds(5));

    RepairReport report = run();

    assertThat(report.examined()).isZero();
    assertThat(report.copiesOrdered()).isZero();
  }

  @Test
  void aChunkWithNoSurvivingReplicaIsReportedOnceNotRetriedAndForgottenWhenAReplicaReturns() {
    String lost = chunk(1000, p1, p2);
    gone(p1);
    gone(p2);

    RepairReport first = run();
    RepairReport second = run();

    assertThat(first.unrecoverable()).isEqualTo(1);
    assertThat(first.unrecoverableSample()).containsExactly(lost);
    assertThat(first.copiesOrdered()).isZero();
    assertThat(second.unrecoverable()).as("reported once").isZero();
    assertThat(second.examined()).as("not examined again").isZero();
    RepairStatus.Status seen = status.of(org);
    assertThat(seen.unrecoverableChunks()).isEqualTo(1);
    assertThat(seen.unrecoverableSample()).containsExactly(lost);

    seen(p1, Instant.now());
    RepairReport back = run();
    assertThat(back.recovered()).isEqualTo(1);
    assertThat(back.copiesOrdered()).isEqualTo(1);
    assertThat(status.of(org).unrecoverableChunks()).isZero();
  }

  @Test
  void copiesBeyondTheByteRateWaitForALaterRun() {
    chunk(config.bytesPerMinute() + 1, p1, p2);
    gone(p2);

    RepairReport report = run();

    assertThat(report.belowTarget()).isEqualTo(1);
    assertThat(report.throttled()).isEqualTo(1);
    assertThat(report.copiesOrdered()).isZero();
    assertThat(List.of(p3, p4).stream().allMatch(d -> tasksOf(d).isEmpty())).isTrue();
  }

  @Test
  void aRunWhileAnotherInstanceHoldsTheRepairLockDoesNothing() throws Exception {
    chunk(1000, p1, p2);
    gone(p2);

    try (Connection other = dataSource.getConnection();
        PreparedStatement take = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
      take.setLong(1, RepairLock.KEY);
      take.execute();
      try {
        assertThat(job.run(org)).isEmpty();
        assertThat(job.runAll()).isEmpty();
      } finally {
        try (PreparedStatement release = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          release.setLong(1, RepairLock.KEY);
          release.execute();
        }
      }
    }
    assertThat(List.of(p3, p4).stream().allMatch(d -> tasksOf(d).isEmpty())).as("nothing ordered").isTrue();

    Optional<Optional<RepairReport>> nested = lock.tryRun(() -> job.run(org));
    assertThat(nested).hasValue(Optional.empty());

    assertThat(run().copiesOrdered()).isEqualTo(1);
  }

  @Test
  void aDrainedPeerGetsNoPlacementItsChunksAreCopiedThenItIsRetiredAndItsReplicasDeleted() {
    String a = chunk(1000, p1, p2);
    String b = chunk(2000, p1, p3);

    Device draining = drains.drain(org, p1);

    assertThat(draining.peerState).isEqualTo(Device.PeerState.DRAINING);
    List<ChunkPlacement> placed = placement.place(new Caller(owner, org),
        List.of(new PlacementService.ChunkToPlace("ef".repeat(32), 10)), Set.of());
    assertThat(placed.get(0).peers()).extracting(Peer::deviceId).doesNotContain(p1);

    RepairReport copying = run();
    assertThat(copying.copiesOrdered()).isEqualTo(2);
    assertThat(copying.retiredPeers()).as("not before its chunks are elsewhere").isEmpty();
    assertThat(List.of(p2, p3, p4).stream().flatMap(d -> tasksOf(d).stream()))
        .allMatch(t -> t.kind() == PeerTask.Kind.COPY && t.reason().equals("drain"));
    for (long d : List.of(p2, p3, p4)) {
      carryOut(d);
    }

    RepairReport retiring = run();
    assertThat(retiring.retiredPeers()).containsExactly(p1);
    assertThat(QuarkusTransaction.requiringNew().call(() -> Device.<Device>findById(p1).peerState))
        .isEqualTo(Device.PeerState.RETIRED);
    assertThat(tasksOf(p1)).extracting(PeerTask::chunkId).containsExactlyInAnyOrder(a, b);
    assertThat(tasksOf(p1)).allMatch(t -> t.kind() == PeerTask.Kind.DELETE);
    assertThat(holders(a)).doesNotContain(p1).hasSize(2);
    assertThat(holders(b)).doesNotContain(p1).hasSize(2);
    assertThat(status.of(org).drains()).singleElement().satisfies(d -> {
      assertThat(d.peerState()).isEqualTo("RETIRED");
      assertThat(d.replicasLeft()).isEqualTo(2);
    });

    assertThat(carryOut(p1)).isEqualTo(2);
    assertThat(status.of(org).drains().get(0).replicasLeft()).isZero();
    RepairStatus.Status after = status.of(org);
    assertThat(after.deletes().done()).isEqualTo(2);
    assertThat(after.copies().done()).isEqualTo(2);
  }

  @Test
  void drainingAnUnknownRevokedDrainingOrRetiredPeerIsRefusedAndChangesNothing() {
    Device.PeerState before = QuarkusTransaction.requiringNew().call(() -> Device.<Device>findById(p3).peerState);
    PeerVaultException unknown = refused(() -> drains.drain(org, Long.MAX_VALUE));
    PeerVaultException otherOrg = refused(() -> drains.drain(enrollment.createOrganization("x-" + UUID.randomUUID()), p3));
    drains.drain(org, p1);
    PeerVaultException again = refused(() -> drains.drain(org, p1));
    devices.revoke(org, p2);
    PeerVaultException revoked = refused(() -> drains.drain(org, p2));
    drains.drain(org, p4);
    run();
    PeerVaultException retired = refused(() -> drains.drain(org, p4));

    assertThat(unknown.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(unknown.code()).isEqualTo("device-not-found");
    assertThat(otherOrg.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(again.code()).isEqualTo("peer-draining");
    assertThat(again.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
    assertThat(revoked.code()).isEqualTo("device-revoked");
    assertThat(retired.code()).isEqualTo("peer-retired");
    assertThat(retired.getMessage()).contains("nothing left to drain");
    assertThat(QuarkusTransaction.requiringNew().call(() -> Device.<Device>findById(p3).peerState)).isEqualTo(before);
    assertThat(QuarkusTransaction.requiringNew().call(() -> Device.<Device>findById(p2).peerState))
        .isEqualTo(Device.PeerState.SERVING);
  }

  private static PeerVaultException refused(Runnable call) {
    PeerVaultException e = catchThrowableOfType(PeerVaultException.class, call::run);
    assertThat(e).as("expected a refusal").isNotNull();
    return e;
  }

  @Test
  void theJobIsScheduledAndARunCoversEveryOrganization() {
    chunk(1000, p1, p2);
    gone(p2);

    assertThat(scheduler.getScheduledJobs()).anySatisfy(trigger ->
        assertThat(trigger.getMethodDescription()).contains("RepairJob#scheduled"));
    assertThat(skip.test(null)).as("tests order runs themselves").isEqualTo(!config.enabled()).isTrue();

    List<RepairReport> reports = job.runAll().orElseThrow();

    assertThat(reports).filteredOn(r -> r.organizationId() == org).singleElement()
        .satisfies(r -> assertThat(r.copiesOrdered()).isEqualTo(1));
    assertThat(job.lastReport(org)).hasValueSatisfying(r -> assertThat(r.copiesOrdered()).isEqualTo(1));
  }

  @Test
  void statusCountsChunksToExamine() {
    chunk(1000, p1, p2);
    chunk(1000, p3, p4);
    gone(p2);

    assertThat(status.of(org).chunksToExamine()).isEqualTo(1);
    assertThat(status.of(org).graceSeconds()).isEqualTo(config.grace().toSeconds());
  }
}
