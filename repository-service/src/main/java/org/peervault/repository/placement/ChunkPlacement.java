package org.peervault.repository.placement;

import java.util.List;

/**
 * Peers chosen for one chunk, in order of preference: the first {@code requiredReplicas} to use,
 * then spares.
 */
public record ChunkPlacement(String chunkId, int requiredReplicas, List<Peer> peers) {}
