/**
 * Organizations, devices and enrollment.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>organization</b>: a tenant; devices, snapshots, chunks and keys belong to exactly one.
 *   <li><b>device</b>: one enrolled machine running the peer agent. Every device is also a
 *       <b>peer</b> that lends {@code quota_bytes} of disk to its colleagues' chunks and serves
 *       them at its {@code peer_address} ({@code host:port}); {@code site} and {@code subnet} are
 *       its failure-domain labels.
 *   <li><b>enrollment token</b>: what a new machine presents to enroll, issued by an admin with an
 *       optional expiry and device group, single use by default; handed out as {@code
 *       <secret>.<CA fingerprint>}. Only the SHA-256 of the secret is stored.
 *   <li><b>caller</b>: the device whose certificate authenticated a request, and its organization
 *       (see the {@code trust} package).
 * </ul>
 */
package org.peervault.repository.device;
