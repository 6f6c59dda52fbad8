/**
 * Placement: which peers should store a chunk.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>peer</b>: an active device of the owner's organization other than the owner, as
 *       placement sees it: address, failure-domain labels (site, subnet), free bytes and
 *       whether it is <b>live</b> (seen within {@code peervault.placement.live-window}).
 *   <li><b>free bytes</b>: quota minus what it holds (the larger of its own report and the sum
 *       of its confirmed replicas) minus <b>reservations</b>: space promised to chunks placed on
 *       it but not yet confirmed, kept in memory until confirmation or expiry.
 *   <li><b>required replicas</b>: how many peers must confirm a chunk before a snapshot may
 *       reference it; <b>spares</b> are extra peers to fall back on.
 * </ul>
 * The choice itself is a pure function ({@link org.peervault.repository.placement.Placer});
 * today's {@link org.peervault.repository.placement.SpreadPlacer} spreads over failure domains
 * and free space; the availability model of DESIGN.md (uptime cycles, paper 3.1.4 and 4)
 * replaces it behind the same interface.
 */
package org.peervault.repository.placement;
