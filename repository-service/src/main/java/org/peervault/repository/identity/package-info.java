/**
 * Users and their identities: who a person is (Keycloak), what PeerVault knows of them, and the
 * helpdesk's password resets.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>user account</b>: a person known to PeerVault, keyed by the Keycloak subject (the
 *       {@code sub} of their tokens); created on first sign-in or by an admin through the API.
 *   <li><b>role</b>: one of the Keycloak realm roles {@code admin} (sees and does all within the
 *       organization), {@code helpdesk} (resets passwords, sees devices and users, never file
 *       names or contents) and {@code user} (sees only their own devices and files).
 *   <li><b>actor</b>: the signed-in user behind a request, with their organization and roles.
 *   <li><b>owner</b>: the user a device belongs to; a user may restore the files of any device
 *       they own onto any other device they own.
 * </ul>
 * Data keys never derive from a password (DESIGN.md "Security"), so a password reset loses
 * nothing. Nothing here imports a protocol; tokens are verified through quarkus-oidc.
 */
package org.peervault.repository.identity;
