/**
 * Sealing: compression and encryption of chunks, and opening them again.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>chunk key</b>: the 32-byte AES-256 key of one plaintext chunk, given by the repository
 *       (convergent: derived from the plaintext hash, so the same plaintext gets the same key
 *       across machines; see DESIGN.md, "Security").</li>
 *   <li><b>seal</b>: compress (zstd, when it helps) then encrypt (AES-256-GCM) a plaintext chunk
 *       into the sealed format documented on {@link org.peervault.agent.seal.Sealer}.</li>
 *   <li><b>open</b>: verify the chunk id, then decrypt and decompress.</li>
 * </ul>
 *
 * <p>Only the owner's side (backup and restore) uses this package. The peer-side store
 * ({@code org.peervault.agent.store}) must never import it: a peer cannot read what it holds, by
 * construction.
 */
package org.peervault.agent.seal;
