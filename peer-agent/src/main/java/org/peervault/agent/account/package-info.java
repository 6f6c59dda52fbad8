/**
 * The signed-in user on this machine: {@code peer-agent login} by the OAuth 2.0 device
 * authorization grant (RFC 8628) against the identity provider (Keycloak), the tokens kept in
 * the state directory (mode 0600), and the calls made on the user's behalf.
 *
 * <p>Terms: the <b>issuer</b> is the OIDC realm URL; the <b>access token</b> is sent to the
 * repository in the gRPC metadata {@code x-peervault-user: Bearer <token>} beside the device's
 * own credential, so a user can restore the files of any device they own from any device they
 * are signed in on; the <b>refresh token</b> renews it. Tokens are secrets: never printed or
 * logged.
 */
package org.peervault.agent.account;
