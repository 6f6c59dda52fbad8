/**
 * The REST admin API (JSON under {@code /api}): a thin protocol layer over the domain packages.
 *
 * <p>Rules it keeps: resources return View records, never entities; every failure is an RFC 9457
 * problem ({@code application/problem+json} with {@code type, title, status, detail, code,
 * instance}); every list takes {@code page} (0-based) and {@code size} (1 to 200) and returns
 * {@code {items, page, size, total}}; filters are query parameters. Roles come from Keycloak
 * (see {@link org.peervault.repository.identity.Role}); every change an admin or helpdesk makes
 * is written to the audit log by {@link AuditInterceptor}. The OpenAPI document is at
 * {@code /q/openapi}, Swagger UI at {@code /q/swagger-ui}.
 */
package org.peervault.repository.api;
