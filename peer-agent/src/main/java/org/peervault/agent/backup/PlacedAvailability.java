package org.peervault.agent.backup;

import org.peervault.proto.v1.Placement;

/**
 * What the repository's placements of one backup run achieved: the lowest availability over the
 * chunks placed so far, the target they were placed for, and how many fell short of it (the
 * repository placed them on the best peers there were). Thread-safe.
 */
final class PlacedAvailability {
  private double lowest = -1;
  private double target = -1;
  private long belowTarget;

  synchronized void add(Placement placement) {
    if (placement.getTargetAvailability() <= 0) {
      return; // a repository that does not report availability
    }
    double achieved = placement.getAchievedAvailability();
    lowest = lowest < 0 ? achieved : Math.min(lowest, achieved);
    target = placement.getTargetAvailability();
    if (achieved < target) {
      belowTarget++;
    }
  }

  /** The lowest achieved availability so far, or -1 before any placement. */
  synchronized double lowest() {
    return lowest;
  }

  /** The target of the latest placement, or -1 before any. */
  synchronized double target() {
    return target;
  }

  /** Chunks placed below their target so far. */
  synchronized long belowTarget() {
    return belowTarget;
  }
}
