/**
 * Peer tasks, agent side: the work the repository orders this peer to do on the replicas it keeps
 * for others, handed out with heartbeats and reported back with {@code ReportTasks}.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>copy</b>: fetch a chunk from a peer that holds it (a peer-to-peer {@code FetchChunk}
 *       under the FETCH grant the task carries), keep it only if SHA-256 of the bytes is its id,
 *       and store it here (repair, drains);</li>
 *   <li><b>delete</b>: remove a chunk from the local store and report the bytes freed (drains,
 *       garbage collection);</li>
 *   <li><b>audit</b>: prove that the local store holds a chunk;</li>
 *   <li><b>lease</b>: a task is this peer's until its lease ends; one not reported by then is
 *       handed out again, so every task is safe to run twice and a report may be repeated.</li>
 * </ul>
 *
 * <p>Like {@code store/} and {@code serve/}, this package handles only sealed chunks: it never
 * imports {@code org.peervault.agent.seal} nor any key.
 */
package org.peervault.agent.replica;
