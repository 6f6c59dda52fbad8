/**
 * The PeerVault repository service: the central, small part of the hybrid design (DESIGN.md).
 *
 * <p>It holds organizations, devices, snapshots, file versions, the chunk and replica index and
 * the keys, and it makes every placement decision; file bytes never pass through it. Sub-packages
 * are domain nouns ({@code device}, {@code catalog}, {@code placement}, {@code keys}); protocols
 * ({@code rpc}) are thin layers over them and nothing below imports a protocol.
 *
 * <p>This package holds only what every domain package shares: {@link
 * org.peervault.repository.PeerVaultException}, the one error type the protocol layers translate.
 */
package org.peervault.repository;
