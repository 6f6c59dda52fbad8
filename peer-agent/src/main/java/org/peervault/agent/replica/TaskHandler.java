package org.peervault.agent.replica;

import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskResult;

/** Carries out one kind of peer task. Implementations are thread-safe and never throw for a
 * task that cannot be done: they answer a FAILED result saying why. */
@FunctionalInterface
public interface TaskHandler {

  /** Carries out {@code task}; the result names the task and attempt. */
  TaskResult run(PeerTask task);
}
