/**
 * Replica health and repair: the peer task channel, the scheduled repair job, and drains.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>peer task</b>: work ordered to one peer on one chunk: COPY it from peers that hold it,
 *       DELETE it from the local store, or AUDIT it (prove holding it). Tasks are handed out with
 *       the peer's heartbeats under a <b>lease</b>; one not reported before its lease ends is
 *       handed out again (a new <b>attempt</b>), up to {@code peervault.repair.max-attempts}.
 *       The repository never sees chunk bytes: a copy is a peer-to-peer fetch under a grant.
 *   <li><b>healthy replica</b>: CONFIRMED, on an ACTIVE device that is SERVING and was seen within
 *       the <b>grace</b> period ({@code peervault.repair.grace}). A replica on a peer unseen for
 *       longer counts as missing (the peer may still come back; until then it is not counted).
 *   <li><b>surviving replica</b>: CONFIRMED on an ACTIVE, not retired device seen within the grace
 *       period: a copy that still exists somewhere, healthy or on a draining peer.
 *   <li><b>source</b>: a surviving replica whose peer is reachable now (seen within placement's
 *       live window): where a copy is fetched from.
 *   <li><b>below target</b>: the placer, asked with the chunk's healthy holders, wants peers
 *       among its first {@code requiredReplicas} that are not healthy holders yet.
 *   <li><b>unrecoverable</b>: no surviving replica. Recorded once (log, admin API count), never
 *       retried, and forgotten if a replica comes back.
 *   <li><b>drain</b>: an admin's order to empty a peer: it takes no new replicas, its replicas stop
 *       counting, repair copies them elsewhere, then it is <b>retired</b> and its replicas are
 *       deleted by DELETE tasks.
 * </ul>
 *
 * <p>The repair job runs on a schedule in every instance of the service, but only one runs at a
 * time: each run takes a PostgreSQL advisory lock and does nothing when another instance holds it.
 */
package org.peervault.repository.repair;
