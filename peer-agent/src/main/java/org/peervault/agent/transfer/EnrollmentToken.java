package org.peervault.agent.transfer;

import java.util.Base64;

/**
 * An enrollment token as an administrator hands it out: {@code <secret>.<caFingerprint>}, the
 * fingerprint being base64url (no padding) of SHA-256 over the repository CA certificate's DER. Only
 * the secret is sent; the fingerprint decides which server the agent trusts while enrolling. The
 * secret never appears in {@link #toString()}.
 *
 * @param secret the one-time secret the repository checks
 * @param caFingerprint SHA-256 of the CA certificate, 32 bytes
 */
public record EnrollmentToken(String secret, byte[] caFingerprint) {

  /**
   * Splits a token at its last '.'.
   *
   * @throws IllegalArgumentException when the token has no CA fingerprint or it is malformed
   */
  public static EnrollmentToken parse(String token) {
    int dot = token.lastIndexOf('.');
    if (dot <= 0 || dot == token.length() - 1) {
      throw new IllegalArgumentException("enroll: the token has no CA fingerprint (expected SECRET.FINGERPRINT);"
          + " copy the whole token the administrator issued");
    }
    byte[] fingerprint;
    try {
      fingerprint = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      fingerprint = new byte[0];
    }
    if (fingerprint.length != 32) {
      throw new IllegalArgumentException("enroll: the token's CA fingerprint is not a base64url SHA-256;"
          + " copy the whole token the administrator issued");
    }
    return new EnrollmentToken(token.substring(0, dot), fingerprint);
  }

  @Override
  public String toString() {
    return "EnrollmentToken[caFingerprint=" + Base64.getUrlEncoder().withoutPadding().encodeToString(caFingerprint) + "]";
  }
}
