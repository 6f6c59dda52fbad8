/**
 * Replica audits: proofs that peers still hold the chunks they confirmed, checked by a
 * repository that never holds the bytes.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>challenge</b>: a random nonce and SHA-256(nonce || sealed chunk), computed by the
 *       agent that uploaded the chunk while it had the bytes, and sent with its confirmation
 *       ({@link org.peervault.repository.catalog.AuditChallenge}). Each is used once.</li>
 *   <li><b>audit</b>: one challenge put to one replica holder as an AUDIT peer task (the channel
 *       of {@link org.peervault.repository.repair.PeerTasks}); the holder answers
 *       SHA-256(nonce || the bytes it stores).</li>
 *   <li><b>verdict</b>: PASSED (the digest matches: the replica's {@code last_verified_at} is
 *       set), FAILED (a wrong digest, or the holder reports it cannot answer), MISSED (fetched
 *       but not answered before the task's lease ended), CANCELLED (never fetched: the peer is
 *       down, which repair handles by its grace period). FAILED and MISSED mark the replica
 *       LOST, so repair replaces it.</li>
 * </ul>
 *
 * <p>The audit job runs on a schedule in every instance, one at a time under a PostgreSQL
 * advisory lock, and audits a few random replicas per run ({@code peervault.audit.*}).
 */
package org.peervault.repository.proof;
