package org.peervault.repository.placement;

import java.util.Set;

/**
 * A chunk to place.
 *
 * @param chunkId hex SHA-256 of the ciphertext
 * @param storedSizeBytes bytes a peer must store
 * @param holders devices that already hold a confirmed replica
 */
public record ChunkDemand(String chunkId, long storedSizeBytes, Set<Long> holders) {}
