package org.peervault.repository.objects;

/**
 * Whom a gateway acts for: an access key that is not revoked, and its owner.
 *
 * @param accessKeyId the key's public id
 * @param organizationId the key's (and the calling device's) organization
 * @param userId the key's owner
 */
public record ObjectPrincipal(String accessKeyId, long organizationId, long userId) {}
