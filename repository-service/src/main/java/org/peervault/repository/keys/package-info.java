/**
 * Keys: the master key, per-organization secrets and convergent chunk keys.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>master key</b>: 32 bytes from {@code peervault.keys.master-key}; it only wraps
 *       organization secrets (AES-256-GCM) and never leaves this process.
 *   <li><b>organization secret</b>: 32 random bytes per organization and <b>version</b>; the
 *       current version is the highest. Stored wrapped, cached unwrapped in memory.
 *   <li><b>chunk key</b>: {@code HMAC-SHA256(organization secret of version v, plain hash)}, the
 *       AES-256 key of one chunk. Convergent: the same plaintext in the same organization gets the
 *       same key, so it deduplicates, while peers, who never see plain hashes, cannot compute it
 *       (server-aided convergent encryption, as in DupLESS; DESIGN.md, Security).
 * </ul>
 * Keys are never logged, and never derived from a user's password.
 */
package org.peervault.repository.keys;
