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
 *   <li><b>enrollment token</b>: what a new machine presents to register; single-use tokens are
 *       issued by an admin, the multi-use <b>bootstrap token</b> is created at first start.
 *   <li><b>device token</b>: {@code <deviceId>.<43 base64url chars>}, the bearer credential of a
 *       registered device. Only SHA-256 hashes of tokens are stored, and they are compared in
 *       constant time. (Mutual TLS with device certificates replaces it in a later issue.)
 *   <li><b>caller</b>: the authenticated device of a request and its organization.
 * </ul>
 */
package org.peervault.repository.device;
