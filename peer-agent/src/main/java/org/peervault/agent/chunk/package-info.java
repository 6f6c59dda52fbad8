/**
 * Content-defined chunking and chunk identity.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>chunk</b>: a piece of a file cut where its content says so (FastCDC), so that an
 *       insertion early in a file moves only the boundaries near it and the other chunks still
 *       deduplicate. Sizes are in bytes.</li>
 *   <li><b>plaintext hash</b>: SHA-256 of a chunk's plain bytes; only the owner and the repository
 *       (which derives the convergent key from it) ever see it.</li>
 *   <li><b>sealed chunk</b>: a chunk after compression and encryption (package {@code seal}).</li>
 *   <li><b>chunk id</b> ({@link org.peervault.agent.chunk.ChunkId}): SHA-256 of the sealed bytes.
 *       Self-verifying: anyone holding the bytes can check them against the id without a key,
 *       which is what peers do.</li>
 * </ul>
 *
 * <p>This package knows nothing of keys or encryption, so the peer-side store may depend on it.
 */
package org.peervault.agent.chunk;
