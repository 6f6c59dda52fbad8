/**
 * S3 access keys: the credentials applications use with an agent's S3 gateway (DESIGN.md "S3
 * gateway").
 *
 * <p>Terms: an <b>access key id</b> ({@code PV} + 18 base-32 characters, public) names a key; its
 * <b>secret</b> (40 characters) signs requests (AWS Signature V4). The secret is stored wrapped
 * under the master key with AES-256-GCM, bound to its access key id, and shown once at issue.
 * A key belongs to a user; a <b>revoked</b> key stays listed but no longer works.
 */
package org.peervault.repository.access;
