package org.peervault.agent.progress;

/**
 * Told how an operation advances. The engines call it from their working thread after every file
 * (often: a listener renders at its own pace) and once with phase "done"; it must be quick and
 * must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores every update. */
  ProgressListener NONE = progress -> { };

  void update(Progress progress);
}
