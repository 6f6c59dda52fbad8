package org.peervault.repository.repair;

/**
 * What a peer reports about one task it was handed.
 *
 * @param attempt the lease (1, 2, ...) under which it ran
 * @param done true when it was done, false when it failed
 * @param detail one line: what was done or why it failed
 * @param freedBytes DELETE: bytes returned to the peer's quota
 * @param usedBytes the peer's used bytes after the task
 * @param proof AUDIT: the proof; empty otherwise
 */
public record TaskReport(long taskId, int attempt, boolean done, String detail, long freedBytes,
    long usedBytes, byte[] proof) {}
