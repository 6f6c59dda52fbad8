package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.GrantBody;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.ReportTasksRequest;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;
import org.peervault.repository.catalog.ReplicaStore;
import org.peervault.repository.repair.PeerTaskStore;
import org.peervault.repository.repair.RepairConfig;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * The peer task channel over real mutual-TLS gRPC: tasks come with heartbeats under a lease,
 * results are recorded once, a task not reported is handed out again, and a device reports only
 * its own tasks.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class PeerTaskRpcTest extends RpcTestSupport {
  private static final long GiB = 1L << 30;

  @Inject
  PeerTaskStore tasks;

  @Inject
  ReplicaStore replicas;

  @Inject
  RepairConfig config;

  private Org tenant;
  private Agent owner;
  private Agent holder;
  private Agent other;
  private FakeChunk chunk;

  @BeforeEach
  void fleet() {
    tenant = newOrganization("tasks");
    owner = tenant.register("owner", GiB, "a", "1");
    holder = tenant.register("holder", GiB, "b", "2");
    other = tenant.register("other", GiB, "c", "3");
    chunk = FakeChunk.random(1000);
    chunk.confirmOn(owner, holder);
    heartbeat(holder);
  }

  private static List<PeerTask> heartbeat(Agent agent) {
    return agent.stub().heartbeat(HeartbeatRequest.newBuilder().setQuotaBytes(GiB).build()).getTasksList();
  }

  private void order(org.peervault.repository.repair.PeerTask.New task) {
    QuarkusTransaction.requiringNew().run(() -> tasks.insert(List.of(task), Instant.now()));
  }

  private org.peervault.repository.repair.PeerTask stored(Agent agent) {
    return QuarkusTransaction.requiringNew().call(() -> tasks.ofDevice(agent.deviceId()).get(0));
  }

  private static TaskResult done(PeerTask task) {
    return TaskResult.newBuilder().setTaskId(task.getTaskId()).setAttempt(task.getAttempt())
        .setOutcome(TaskOutcome.TASK_OUTCOME_DONE).setDetail("ok").build();
  }

  private static int report(Agent agent, TaskResult... results) {
    return agent.stub().reportTasks(ReportTasksRequest.newBuilder().addAllResults(List.of(results)).build())
        .getRecorded();
  }

  private Set<Long> holders() {
    return QuarkusTransaction.requiringNew().call(() ->
        replicas.holders(List.of(chunk.id())).getOrDefault(chunk.id(), Set.of()));
  }

  @Test
  void aDeleteComesWithTheHeartbeatAndItsReportRemovesTheReplicaOnce() {
    order(org.peervault.repository.repair.PeerTask.New.delete(tenant.id(), holder.deviceId(), chunk.id(), "gc",
        chunk.storedSize()));

    List<PeerTask> handed = heartbeat(holder);

    assertThat(handed).hasSize(1);
    PeerTask task = handed.get(0);
    assertThat(task.getKindCase()).isEqualTo(PeerTask.KindCase.DELETE);
    assertThat(task.getDelete().getChunkId()).isEqualTo(chunk.id());
    assertThat(task.getAttempt()).isEqualTo(1);
    assertThat(task.getLeaseExpiresAtMillis()).isGreaterThan(System.currentTimeMillis());
    assertThat(heartbeat(holder)).as("leased: not handed out again while the lease runs").isEmpty();
    assertThat(heartbeat(other)).as("another device's task").isEmpty();

    TaskResult result = done(task).toBuilder().setFreedBytes(chunk.storedSize()).build();
    assertThat(report(holder, result)).isEqualTo(1);
    assertThat(report(holder, result)).as("a repeated report is acknowledged, not recorded").isZero();

    assertThat(holders()).doesNotContain(holder.deviceId());
    org.peervault.repository.repair.PeerTask after = stored(holder);
    assertThat(after.state()).isEqualTo(org.peervault.repository.repair.PeerTask.State.DONE);
  }

  @Test
  void aTaskNotReportedIsHandedOutAgainAfterItsLeaseAndGivenUpAfterTheLastAttempt() throws Exception {
    order(org.peervault.repository.repair.PeerTask.New.delete(tenant.id(), holder.deviceId(), chunk.id(), "gc", 1));
    long lease = config.taskLease().toMillis();

    PeerTask first = heartbeat(holder).get(0);
    Thread.sleep(lease + 300);
    PeerTask second = heartbeat(holder).get(0);
    Thread.sleep(lease + 300);
    PeerTask third = heartbeat(holder).get(0);
    Thread.sleep(lease + 300);
    List<PeerTask> fourth = heartbeat(holder);

    assertThat(List.of(first.getTaskId(), second.getTaskId(), third.getTaskId())).containsOnly(first.getTaskId());
    assertThat(List.of(first.getAttempt(), second.getAttempt(), third.getAttempt())).containsExactly(1, 2, 3);
    assertThat(second.getLeaseExpiresAtMillis()).isGreaterThan(first.getLeaseExpiresAtMillis());
    assertThat(fourth).as("given up after %d attempts", config.maxAttempts()).isEmpty();
    org.peervault.repository.repair.PeerTask given = stored(holder);
    assertThat(given.state()).isEqualTo(org.peervault.repository.repair.PeerTask.State.FAILED);
    assertThat(holders()).as("a failed delete changes no replica").contains(holder.deviceId());
  }

  @Test
  void aLateReportOfAnEarlierAttemptStillCounts() throws Exception {
    order(org.peervault.repository.repair.PeerTask.New.delete(tenant.id(), holder.deviceId(), chunk.id(), "gc", 1));
    PeerTask first = heartbeat(holder).get(0);
    Thread.sleep(config.taskLease().toMillis() + 300);
    assertThat(heartbeat(holder).get(0).getAttempt()).isEqualTo(2);

    assertThat(report(holder, done(first))).isEqualTo(1);
    assertThat(heartbeat(holder)).isEmpty();
  }

  @Test
  void aCopyCarriesItsSourcesAndAFetchGrantForTheTargetAtThoseSources() throws Exception {
    order(org.peervault.repository.repair.PeerTask.New.copy(tenant.id(), other.deviceId(), chunk.id(), "repair",
        chunk.storedSize()));

    PeerTask task = heartbeat(other).get(0);

    assertThat(task.getKindCase()).isEqualTo(PeerTask.KindCase.COPY);
    assertThat(task.getCopy().getChunkId()).isEqualTo(chunk.id());
    assertThat(task.getCopy().getStoredSizeBytes()).isEqualTo(chunk.storedSize());
    assertThat(task.getCopy().getSourcesList()).extracting(s -> s.getDeviceId()).containsExactly(holder.deviceId());
    GrantBody grant = GrantBody.parseFrom(task.getCopy().getGrant().getBody());
    assertThat(grant.getAction()).isEqualTo(GrantAction.GRANT_ACTION_FETCH);
    assertThat(grant.getDeviceId()).isEqualTo(other.deviceId());
    assertThat(grant.getChunkIdsList()).containsExactly(chunk.id());
    assertThat(grant.getPeerDeviceIdsList()).containsExactly(holder.deviceId());
    assertThat(grant.getExpiresAtMillis()).isGreaterThan(System.currentTimeMillis());

    assertThat(report(other, done(task))).isEqualTo(1);
    assertThat(holders()).containsExactlyInAnyOrder(holder.deviceId(), other.deviceId());
  }

  @Test
  void aFailedCopyRecordsNoReplica() {
    order(org.peervault.repository.repair.PeerTask.New.copy(tenant.id(), other.deviceId(), chunk.id(), "repair",
        chunk.storedSize()));
    PeerTask task = heartbeat(other).get(0);

    report(other, done(task).toBuilder().setOutcome(TaskOutcome.TASK_OUTCOME_FAILED)
        .setDetail("copy: chunk not stored: peer 2: bytes fail the hash").build());

    assertThat(holders()).containsExactly(holder.deviceId());
    org.peervault.repository.repair.PeerTask failed = stored(other);
    assertThat(failed.state()).isEqualTo(org.peervault.repository.repair.PeerTask.State.FAILED);
  }

  @Test
  void aCopyWithNoReachableSourceIsGivenUpInsteadOfHandedOut() {
    FakeChunk orphan = FakeChunk.random(500);
    orphan.confirmOn(owner, holder);
    devices.revoke(tenant.id(), holder.deviceId());
    order(org.peervault.repository.repair.PeerTask.New.copy(tenant.id(), other.deviceId(), orphan.id(), "repair",
        orphan.storedSize()));

    assertThat(heartbeat(other)).isEmpty();

    org.peervault.repository.repair.PeerTask given = stored(other);
    assertThat(given.state()).isEqualTo(org.peervault.repository.repair.PeerTask.State.FAILED);
  }

  @Test
  void aDeviceReportsOnlyItsOwnTasksAndABadReportChangesNothing() {
    order(org.peervault.repository.repair.PeerTask.New.delete(tenant.id(), holder.deviceId(), chunk.id(), "gc", 1));
    PeerTask task = heartbeat(holder).get(0);

    Status foreign = failure(() -> report(other, done(task)));
    Status unknown = failure(() -> report(holder, done(task).toBuilder().setTaskId(Long.MAX_VALUE).build()));
    Status noOutcome = failure(() -> report(holder, done(task).toBuilder()
        .setOutcome(TaskOutcome.TASK_OUTCOME_UNSPECIFIED).build()));
    Status futureAttempt = failure(() -> report(holder, done(task).toBuilder().setAttempt(5).build()));
    Status twice = failure(() -> report(holder, done(task), done(task)));
    Status mixed = failure(() -> report(holder, done(task), done(task).toBuilder().setTaskId(Long.MAX_VALUE).build()));

    assertThat(foreign.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(foreign.getDescription()).contains("is not a task of device " + other.deviceId());
    assertThat(unknown.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(noOutcome.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noOutcome.getDescription()).contains("TASK_OUTCOME_DONE");
    assertThat(futureAttempt.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(twice.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(mixed.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(stored(holder).state()).isEqualTo(org.peervault.repository.repair.PeerTask.State.LEASED);
    assertThat(holders()).contains(holder.deviceId());
  }
}
