package org.peervault.repository.rpc;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.function.Function;
import org.peervault.proto.v1.AuditChunk;
import org.peervault.proto.v1.CopyChunk;
import org.peervault.proto.v1.DeleteChunk;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.repair.PeerTasks;
import org.peervault.repository.repair.TaskReport;

/** Translates peer tasks and their results between protobuf and the repair domain. Stateless. */
final class TaskMapper {

  private TaskMapper() {}

  /**
   * The task as sent to its peer; {@code fetchGrant} signs a FETCH grant for a copy's chunk,
   * presentable to its sources.
   */
  static PeerTask toProto(PeerTasks.Issued issued, Function<PeerTasks.Issued, Grant> fetchGrant) {
    org.peervault.repository.repair.PeerTask task = issued.task();
    PeerTask.Builder b = PeerTask.newBuilder().setTaskId(task.id()).setAttempt(task.attempts())
        .setLeaseExpiresAtMillis(task.leaseExpiresAt().toEpochMilli());
    switch (task.kind()) {
      case COPY -> b.setCopy(CopyChunk.newBuilder().setChunkId(task.chunkId())
          .setStoredSizeBytes(task.storedSizeBytes())
          .addAllSources(issued.sources().stream().map(s -> PeerRef.newBuilder()
              .setDeviceId(s.deviceId()).setAddress(s.address()).build()).toList())
          .setGrant(fetchGrant.apply(issued)));
      case DELETE -> b.setDelete(DeleteChunk.newBuilder().setChunkId(task.chunkId()));
      case AUDIT -> b.setAudit(AuditChunk.newBuilder().setChunkId(task.chunkId())
          .setNonce(ByteString.copyFrom(task.nonce() == null ? new byte[0] : task.nonce())));
    }
    return b.build();
  }

  static List<TaskReport> toReports(List<TaskResult> results) {
    return results.stream().map(r -> new TaskReport(r.getTaskId(), r.getAttempt(), done(r),
        r.getDetail(), r.getFreedBytes(), r.getUsedBytes(), r.getProof().toByteArray())).toList();
  }

  private static boolean done(TaskResult r) {
    if (r.getOutcome() != TaskOutcome.TASK_OUTCOME_DONE
        && r.getOutcome() != TaskOutcome.TASK_OUTCOME_FAILED) {
      throw PeerVaultException.invalid("invalid-task-report", "tasks: task " + r.getTaskId()
          + " has no outcome; send TASK_OUTCOME_DONE or TASK_OUTCOME_FAILED");
    }
    return r.getOutcome() == TaskOutcome.TASK_OUTCOME_DONE;
  }
}
