package org.peervault.repository.catalog;

/**
 * How available a committed snapshot is: the lowest, over every chunk it references and every
 * hour of its owner's restore window, of {@code 1 - prod(1 - p_i(h))} over the chunk's confirmed
 * replicas on active peers (DESIGN.md "Placement"), next to the owner's target p_s at commit.
 *
 * @param achieved in [0, 1]; 1 for a snapshot that references no chunk
 * @param target p_s, in (0, 1)
 */
public record SnapshotAvailability(double achieved, double target) {

  public SnapshotAvailability {
    if (!(achieved >= 0 && achieved <= 1) || !(target > 0 && target < 1)) {
      throw new IllegalArgumentException("snapshot availability: achieved must lie in [0, 1] and"
          + " target in (0, 1), got " + achieved + " and " + target);
    }
  }

  /** Whether the snapshot falls short of its target: it was backed up with the best peers there were. */
  public boolean belowTarget() {
    return achieved < target;
  }
}
