package org.peervault.repository.placement;

import java.util.List;

/**
 * Chooses peers for chunks. Implementations are pure (no I/O, no clock), deterministic and
 * thread-safe, so they can be tested exhaustively, run in the durability simulator, and called
 * by repair with a chunk's surviving holders.
 *
 * <p>Every implementation keeps these rules: never the owner, never an excluded or non-live
 * peer, never a peer without room for the chunk or at 90% of its quota unless it already holds
 * it, and the space promised to earlier chunks of the same call is counted. Each placement lists
 * the live holders first, then the added peers, then spares; its {@code requiredReplicas} is how
 * many of the listed peers to use, and its achieved availability is what they give (with the
 * holders not live right now) over the owner's restore window.
 */
public interface Placer {

  /**
   * Places each chunk; one placement per chunk, in order.
   *
   * @throws PlacementException when a chunk cannot get the fewest copies every chunk needs
   */
  List<ChunkPlacement> place(Fleet fleet, List<ChunkDemand> chunks);
}
