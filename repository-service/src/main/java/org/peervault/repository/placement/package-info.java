/**
 * Placement: which peers should store a chunk, so that it can be restored when its owner needs it
 * (DESIGN.md "Placement"; paper 3.1.2, 3.1.4 and 4).
 *
 * <p>Terms:
 * <ul>
 *   <li><b>peer</b>: an active device of the owner's organization other than the owner, as
 *       placement sees it: address, failure-domain labels (site, subnet), free bytes, quota,
 *       its uptime cycle and whether it is <b>live</b> (seen within
 *       {@code peervault.placement.live-window}).
 *   <li><b>uptime cycle</b>: 24 probabilities that the peer is up, one per hour of its local
 *       day, from hourly samples of the last 30 days ({@link
 *       org.peervault.repository.placement.Availability}); an hour on a slow link counts as up
 *       only by its share of heartbeats on a good link; under 7 days of samples, 1.0 from 09:00
 *       to 17:00. {@link org.peervault.repository.placement.UtcUptime} is the same by UTC hour.
 *   <li><b>restore window</b>: the UTC hours in which the owner itself is usually up, and so may
 *       need a restore.
 *   <li><b>availability</b> of a chunk at an hour: {@code 1 - prod(1 - p_i(h))} over the peers
 *       holding it; <b>achieved availability</b>: its lowest value over the restore window;
 *       <b>target</b> p_s: the owner's policy's target availability.
 *   <li><b>free bytes</b>: quota minus what it holds (the larger of its own report and the sum
 *       of its confirmed replicas) minus <b>reservations</b>: space promised to chunks placed on
 *       it but not yet confirmed, kept in memory until confirmation or expiry. A peer at 90% of
 *       its quota or more is not chosen.
 *   <li><b>required replicas</b>: how many of the listed peers to use (the target's copies,
 *       at least {@code peervault.placement.replicas}); <b>spares</b> are extra peers to fall
 *       back on.
 * </ul>
 * The choice itself is a pure function ({@link org.peervault.repository.placement.Placer},
 * implemented by {@link org.peervault.repository.placement.AvailabilityPlacer}); {@link
 * org.peervault.repository.placement.PlacementService} gathers the fleet it chooses from.
 */
package org.peervault.repository.placement;
