/**
 * The peer side on the wire: the gRPC chunk service this agent runs for its colleagues, its
 * mutual-TLS server, and the heartbeat that tells the repository the peer is alive and how full it is.
 *
 * <p>Every call is checked twice before the store is touched: the <em>caller</em> (the device its
 * verified client certificate names, {@link org.peervault.agent.serve.Caller}) must be of this
 * peer's organization and not revoked, and its <em>grant</em> — a short-lived permission signed by
 * the repository for an action, chunks and a device — must verify ({@link
 * org.peervault.agent.serve.GrantVerifier}).
 *
 * <p>This package translates between the {@code Peer} protocol and a {@link
 * org.peervault.agent.store.ChunkStore}; like the store, it never sees a chunk key or a plaintext.
 */
package org.peervault.agent.serve;
