/**
 * One backup run: scan, chunk, deduplicate against the repository, seal, place, upload, commit.
 *
 * <p>Terms: a <em>plain hash</em> is the SHA-256 of a chunk's plaintext, sent only to the
 * repository (which derives the chunk's key from it); a <em>new</em> chunk is one the repository
 * did not hold, sealed and sent to peers; a <em>deduplicated</em> chunk reference costs only
 * metadata. The snapshot is committed only after every chunk it references has its required
 * replicas; until then it is invisible, so an interrupted run leaves nothing half-visible.
 */
package org.peervault.agent.backup;
