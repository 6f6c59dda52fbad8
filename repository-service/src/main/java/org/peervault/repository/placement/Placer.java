package org.peervault.repository.placement;

import java.util.List;

/**
 * Chooses peers for chunks. Implementations are pure (no I/O, no clock), deterministic and
 * thread-safe, so they can be tested exhaustively and swapped (fixed replica counts today, an
 * availability model later).
 *
 * <p>Every implementation keeps these rules: never the owner, never an excluded or non-live
 * peer, never a peer without room for the chunk unless it already holds it, and the space
 * promised to earlier chunks of the same call is counted.
 */
public interface Placer {

  /**
   * Places each chunk.
   *
   * @throws PlacementException when a chunk cannot get its required replicas
   */
  List<ChunkPlacement> place(Fleet fleet, List<ChunkDemand> chunks);
}
