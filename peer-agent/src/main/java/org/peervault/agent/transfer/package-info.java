/**
 * Talking to the repository and to peers: the repository client (metadata, keys, placement), the
 * channels to peers, and the two data paths that move sealed chunks — {@link
 * org.peervault.agent.transfer.ChunkUploader} (to the peers a placement names, falling back to
 * spares) and {@link org.peervault.agent.transfer.ChunkFetcher} (from one replica after another
 * until a copy verifies).
 *
 * <p>Terms: a <em>placement</em> is the repository's ordered list of peers for a chunk, the first
 * {@code requiredReplicas} to use and the rest spares; a <em>replica</em> is one peer's copy.
 */
package org.peervault.agent.transfer;
