package org.peervault.agent.replica;

import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;

/** Builds task results that name their task and attempt. */
final class TaskResults {
  /** Longest detail the repository accepts. */
  static final int MAX_DETAIL_CHARS = 1000;

  private TaskResults() {}

  static TaskResult.Builder done(PeerTask task, String detail) {
    return of(task, TaskOutcome.TASK_OUTCOME_DONE, detail);
  }

  static TaskResult.Builder failed(PeerTask task, String detail) {
    return of(task, TaskOutcome.TASK_OUTCOME_FAILED, detail);
  }

  private static TaskResult.Builder of(PeerTask task, TaskOutcome outcome, String detail) {
    String line = detail == null ? "" : detail.replaceAll("\\p{Cntrl}", " ");
    return TaskResult.newBuilder().setTaskId(task.getTaskId()).setAttempt(task.getAttempt())
        .setOutcome(outcome)
        .setDetail(line.length() > MAX_DETAIL_CHARS ? line.substring(0, MAX_DETAIL_CHARS) : line);
  }
}
