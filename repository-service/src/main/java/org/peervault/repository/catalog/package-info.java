/**
 * The catalog: snapshots, file versions, chunks and where their replicas are.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>snapshot</b>: one backup run of one device. OPEN while the agent adds file versions,
 *       COMMITTED (with {@code committed_at}) once every chunk it references has enough
 *       replicas; only committed snapshots are listed and restored.
 *   <li><b>file version</b>: one path in one snapshot: kind, size, mode, mtime and, for a regular
 *       file, its ordered <b>chunk refs</b>. Paths are relative, '/'-separated, without empty,
 *       "." or ".." segments ({@link org.peervault.repository.catalog.PathRules}).
 *   <li><b>chunk</b>: a piece of a file, compressed and encrypted by the agent. Its id is the hex
 *       SHA-256 of its ciphertext; within an organization there is one chunk per plaintext
 *       ({@code plain_hash}), which is what deduplicates.
 *   <li><b>replica</b>: a copy of a chunk that a peer confirmed storing.
 * </ul>
 * How many replicas make a chunk durable, and which peers count as live, is placement's call,
 * asked through {@link org.peervault.repository.catalog.ReplicationPolicy}.
 *
 * <p>Bulk paths (adding thousands of file versions, looking up thousands of hashes, confirming
 * replicas) use set-based SQL over arrays ({@code unnest}, {@code = ANY}), a few statements per
 * request whatever its size; the entities serve single-row work and queries.
 */
package org.peervault.repository.catalog;
