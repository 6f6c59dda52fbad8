package org.peervault.agent.store;

/**
 * The outcome of {@link ChunkStore#put}.
 *
 * @param alreadyPresent true when the store held the chunk before the call (nothing was written
 *     and the quota was not charged again)
 * @param usedBytes bytes used in the store after the call
 */
public record PutResult(boolean alreadyPresent, long usedBytes) {}
