/**
 * Restore planning: what an agent needs to restore files, streamed in batches.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>plan</b>: a resolved restore request: whose files (a device of the caller's
 *       organization), which versions (one committed snapshot, or per path the newest version
 *       committed at or before a time, paper 3.1.3), and which paths.
 *   <li><b>batch</b>: up to {@value org.peervault.repository.restore.RestorePlanner#BATCH_FILES}
 *       file versions in path order, with the <b>locations</b> (key, stored size, holders, live
 *       ones first) of the chunks not yet sent in this restore.
 * </ul>
 */
package org.peervault.repository.restore;
