package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.agroal.api.AgroalDataSource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.AuditChallenge;
import org.peervault.proto.v1.ConfirmReplicasRequest;
import org.peervault.proto.v1.ConfirmedChunk;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.LookupChunksRequest;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.ReportTasksRequest;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;
import org.peervault.repository.proof.ReplicaAudits;
import org.peervault.repository.repair.RepairConfig;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * Replica audits over real mutual-TLS gRPC: the challenges an upload brings, audits handed to
 * holders with their heartbeats, and verdicts on what they answer (or do not).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ReplicaAuditRpcTest extends RpcTestSupport {
  private static final long GiB = 1L << 30;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject
  ReplicaAudits audits;

  @Inject
  RepairConfig repair;

  @Inject
  AgroalDataSource dataSource;

  private Org org;
  private Agent owner;
  private Agent holder;
  private Agent other;
  private byte[] sealed;
  private FakeChunk chunk;

  @BeforeEach
  void fleet() {
    org = newOrganization("audits");
    owner = org.register("owner", GiB, "a", "1");
    holder = org.register("holder", GiB, "b", "2");
    other = org.register("other", GiB, "c", "3");
    audits(holder);
    audits(other);
    sealed = new byte[3000];
    RANDOM.nextBytes(sealed);
    chunk = FakeChunk.random(2000);
  }

  private static byte[] digest(byte[] nonce, byte[] bytes) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(nonce);
    return sha.digest(bytes);
  }

  private List<AuditChallenge> challenges(int count) throws Exception {
    List<AuditChallenge> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] nonce = new byte[32];
      RANDOM.nextBytes(nonce);
      list.add(AuditChallenge.newBuilder().setNonce(ByteString.copyFrom(nonce))
          .setDigest(ByteString.copyFrom(digest(nonce, sealed))).build());
    }
    return list;
  }

  private ConfirmedChunk.Builder confirmation(FakeChunk c, List<AuditChallenge> challenges,
      Agent... holders) {
    int version = owner.stub().lookupChunks(LookupChunksRequest.newBuilder()
        .addPlainHashes(c.hash()).build()).getKeys(0).getKeyVersion();
    ConfirmedChunk.Builder b = ConfirmedChunk.newBuilder().setChunkId(c.id()).setPlainHash(c.hash())
        .setPlainSizeBytes(c.plainSize()).setStoredSizeBytes(c.storedSize()).setKeyVersion(version)
        .addAllChallenges(challenges);
    for (Agent h : holders) {
      b.addDeviceIds(h.deviceId());
    }
    return b;
  }

  private void confirm(FakeChunk c, List<AuditChallenge> challenges, Agent... holders) {
    owner.stub().confirmReplicas(ConfirmReplicasRequest.newBuilder()
        .addChunks(confirmation(c, challenges, holders)).build());
  }

  private static List<PeerTask> audits(Agent agent) {
    return agent.stub().heartbeat(HeartbeatRequest.newBuilder().setQuotaBytes(GiB).build())
        .getTasksList().stream().filter(t -> t.getKindCase() == PeerTask.KindCase.AUDIT).toList();
  }

  private static TaskResult answer(PeerTask task, byte[] proof) {
    return TaskResult.newBuilder().setTaskId(task.getTaskId()).setAttempt(task.getAttempt())
        .setOutcome(TaskOutcome.TASK_OUTCOME_DONE).setDetail("audit: answered")
        .setProof(ByteString.copyFrom(proof)).build();
  }

  private static int report(Agent agent, TaskResult result) {
    return agent.stub().reportTasks(ReportTasksRequest.newBuilder().addResults(result).build())
        .getRecorded();
  }

  private int issue() {
    return audits.issue(org.id(), Instant.now());
  }

  private String replicaState(Agent agent) throws SQLException {
    return one("SELECT state || ':' || (last_verified_at IS NOT NULL) FROM replica"
        + " WHERE chunk_id = ? AND device_id = ?", chunk.id(), agent.deviceId());
  }

  private String verdicts() throws SQLException {
    return one("SELECT coalesce(string_agg(outcome, ',' ORDER BY issued_at, outcome), '')"
        + " FROM replica_audit WHERE chunk_id = ?", chunk.id());
  }

  private long unusedChallenges() throws SQLException {
    return Long.parseLong(one("SELECT count(*) FROM chunk_challenge WHERE chunk_id = ?"
        + " AND used_at IS NULL", chunk.id()));
  }

  private String one(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Test
  void theRightAnswerPassesAndMarksTheReplicaVerified() throws Exception {
    confirm(chunk, challenges(2), holder);

    assertThat(issue()).isEqualTo(1);
    List<PeerTask> handed = audits(holder);
    assertThat(handed).hasSize(1);
    PeerTask task = handed.get(0);
    assertThat(task.getAudit().getChunkId()).isEqualTo(chunk.id());
    assertThat(task.getAudit().getNonce().size()).isEqualTo(32);
    assertThat(issue()).as("one audit pending per replica at a time").isZero();

    assertThat(report(holder, answer(task, digest(task.getAudit().getNonce().toByteArray(), sealed))))
        .isEqualTo(1);

    assertThat(verdicts()).isEqualTo("PASSED");
    assertThat(replicaState(holder)).isEqualTo("CONFIRMED:true");
  }

  @Test
  void aWrongAnswerMarksTheReplicaLostAndCannotBeCorrectedByAReplay() throws Exception {
    confirm(chunk, challenges(2), holder);
    issue();
    PeerTask task = audits(holder).get(0);
    byte[] corrupt = sealed.clone();
    corrupt[0] ^= 1;

    report(holder, answer(task, digest(task.getAudit().getNonce().toByteArray(), corrupt)));
    int again = report(holder, answer(task, digest(task.getAudit().getNonce().toByteArray(), sealed)));

    assertThat(again).as("the same audit answered again is not recorded").isZero();
    assertThat(verdicts()).isEqualTo("FAILED");
    assertThat(replicaState(holder)).isEqualTo("LOST:false");
  }

  @Test
  void eachNonceIsUsedOnceAndAnOldProofDoesNotPassANewAudit() throws Exception {
    confirm(chunk, challenges(2), holder);
    issue();
    PeerTask first = audits(holder).get(0);
    byte[] firstProof = digest(first.getAudit().getNonce().toByteArray(), sealed);
    report(holder, answer(first, firstProof));

    issue();
    PeerTask second = audits(holder).get(0);
    assertThat(second.getAudit().getNonce()).isNotEqualTo(first.getAudit().getNonce());
    // A peer that kept the first proof instead of the bytes replays it.
    report(holder, answer(second, firstProof));

    assertThat(verdicts()).isEqualTo("PASSED,FAILED");
    assertThat(replicaState(holder)).startsWith("LOST");
    assertThat(unusedChallenges()).isZero();
    assertThat(issue()).as("no challenge left: no audit").isZero();
  }

  @Test
  void aHolderThatCannotAnswerFailsAndOneThatDoesNotAnswerInTimeMisses() throws Exception {
    confirm(chunk, challenges(2), holder, other);
    issue();
    PeerTask toHolder = audits(holder).get(0);
    PeerTask toOther = audits(other).get(0);

    report(holder, answer(toHolder, new byte[0]).toBuilder()
        .setOutcome(TaskOutcome.TASK_OUTCOME_FAILED).setDetail("audit: chunk is not held").build());
    // The other holder fetched its audit and never answers: judged once its lease is over.
    assertThat(audits.sweep(Instant.now())).isZero();
    int judged = audits.sweep(Instant.now().plus(repair.taskLease()).plusSeconds(1));

    assertThat(judged).isEqualTo(1);
    assertThat(verdicts()).isEqualTo("FAILED,MISSED");
    assertThat(replicaState(holder)).startsWith("LOST");
    assertThat(replicaState(other)).startsWith("LOST");
    assertThat(report(other, answer(toOther, digest(toOther.getAudit().getNonce().toByteArray(),
        sealed)))).as("too late: the task was closed").isZero();
    assertThat(replicaState(other)).startsWith("LOST");
  }

  @Test
  void anAuditThePeerNeverFetchesIsCancelledWithoutLosingTheReplica() throws Exception {
    confirm(chunk, challenges(1), holder);
    issue();

    audits.sweep(Instant.now().plus(Duration.ofDays(2)));

    assertThat(verdicts()).isEqualTo("CANCELLED");
    assertThat(replicaState(holder)).isEqualTo("CONFIRMED:false");
    assertThat(audits(holder)).as("the cancelled task is not handed out").isEmpty();
  }

  @Test
  void challengesAreKeptOnlyFromTheConfirmationThatRecordsTheChunk() throws Exception {
    confirm(chunk, challenges(3), holder);
    confirm(chunk, challenges(5), other);

    assertThat(unusedChallenges()).isEqualTo(3);
  }

  @Test
  void malformedChallengesAreRefusedAndNothingIsRecorded() throws Exception {
    AuditChallenge good = challenges(1).get(0);
    List<AuditChallenge> shortNonce = List.of(good.toBuilder()
        .setNonce(ByteString.copyFrom(new byte[8])).build());
    List<AuditChallenge> shortDigest = List.of(good.toBuilder()
        .setDigest(ByteString.copyFrom(new byte[31])).build());
    List<AuditChallenge> tooMany = challenges(17);

    for (List<AuditChallenge> bad : List.of(shortNonce, shortDigest, tooMany)) {
      Status status = failure(() -> confirm(chunk, bad, holder));
      assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(status.getDescription()).contains("challenge");
    }
    assertThat(one("SELECT count(*) FROM chunk WHERE id = ?", chunk.id())).isEqualTo("0");
    assertThat(unusedChallenges()).isZero();
  }

  @Test
  void replicasOfOtherOrganizationsAreNotAuditedWithThisOne() throws Exception {
    confirm(chunk, challenges(1), holder);
    Org elsewhere = newOrganization("audits-other");

    assertThat(audits.issue(elsewhere.id(), Instant.now())).isZero();
    assertThat(issue()).isEqualTo(1);
  }
}
