/**
 * Retention and garbage collection: file versions expire by their device's policy, and chunks
 * that nothing references any more are deleted from the peers that hold them.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>retention rule</b>: when a version expires ({@link
 *       org.peervault.repository.retention.RetentionRule}): the device's newest committed
 *       snapshot is kept whole; any other version goes once its snapshot is older than the
 *       policy's retention, or its record retention for paths matching the record patterns
 *       ({@link org.peervault.repository.retention.RecordPatterns}).</li>
 *   <li><b>referenced</b>: a chunk some file version still uses; the one definition lives in
 *       {@link org.peervault.repository.retention.ChunkReferences}.</li>
 *   <li><b>collecting</b>: a chunk chosen for deletion ({@code collecting_since}); lookups treat
 *       it as absent and no new reference may name it. Its holders get DELETE peer tasks (reason
 *       {@code gc}); the chunk row goes with its last replica.</li>
 *   <li><b>grace</b>: how long a chunk must have gone unasked-for before it is collected, so a
 *       backup that looked it up can still reference it.</li>
 *   <li><b>run</b>: one pass of the retention job over one organization; its row counts what it
 *       expired and collected, and the bytes peers reported freed for its deletes.</li>
 * </ul>
 *
 * <p>The job runs on a schedule in every instance, one at a time under a PostgreSQL advisory
 * lock.
 */
package org.peervault.repository.retention;
