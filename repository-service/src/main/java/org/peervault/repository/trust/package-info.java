/**
 * Trust: the repository's certificate authority, device certificates, the TLS identity of the
 * gRPC endpoint, and the grants peers require before they store, serve or delete a chunk.
 *
 * <p>Terms: the <em>CA</em> is one EC P-256 certificate authority per repository service, created
 * at first start and kept as a PKCS#12 store in the database, protected by a password derived
 * from the master key. A <em>device certificate</em> names its device as {@code CN=device-<id>,
 * O=org-<organization id>} with the DNS name {@code device-<id>.peervault.internal}; the
 * repository's own certificate carries {@code repository.peervault.internal}. A <em>grant</em>
 * is an Ed25519-signed {@code GrantBody}: an action, chunk ids, the device allowed to use it, its
 * organization and an expiry of minutes. The <em>CA fingerprint</em> is the base64url SHA-256 of
 * the CA certificate; enrollment tokens carry it so a new device can check whom it talks to.
 */
package org.peervault.repository.trust;
