package org.peervault.repository.device;

/**
 * The authenticated device behind a request, and its organization. Everything a caller may see
 * or change is scoped by {@code organizationId}.
 *
 * @param deviceId the calling device
 * @param organizationId the organization the device belongs to
 */
public record Caller(long deviceId, long organizationId) {}
