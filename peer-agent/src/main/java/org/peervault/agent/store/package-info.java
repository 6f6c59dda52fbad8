/**
 * The peer side: the sealed chunks this machine holds for its colleagues, and the quota it lends.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>sealed chunk</b>: opaque bytes whose SHA-256 is their
 *       {@link org.peervault.agent.chunk.ChunkId}; the store checks that hash before storing and
 *       knows nothing else about them.</li>
 *   <li><b>quota</b>: bytes of sealed chunks this peer agreed to hold ({@code quotaBytes});
 *       <b>used</b> bytes are the sum of the lengths of the chunks held. File-system overhead
 *       is not counted.</li>
 * </ul>
 *
 * <p>This package never imports {@code org.peervault.agent.seal} nor any key: a peer cannot
 * read what it holds, by construction (DESIGN.md, "Security").
 */
package org.peervault.agent.store;
