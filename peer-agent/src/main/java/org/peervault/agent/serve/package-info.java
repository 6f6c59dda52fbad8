/**
 * The peer side on the wire: the gRPC chunk service this agent runs for its colleagues, its server,
 * and the heartbeat that tells the repository the peer is alive and how full it is.
 *
 * <p>This package translates between the {@code Peer} protocol and a {@link
 * org.peervault.agent.store.ChunkStore}; like the store, it never sees a key or a plaintext.
 */
package org.peervault.agent.serve;
