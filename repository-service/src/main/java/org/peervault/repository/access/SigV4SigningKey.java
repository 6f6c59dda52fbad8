package org.peervault.repository.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4's derived signing key: {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret,
 * date), region), service), "aws4_request")}. It checks signatures of one day, region and service
 * only, so a gateway that holds it cannot sign for another day and never needs the secret.
 */
public final class SigV4SigningKey {
  /** Length of a signing key in bytes (HMAC-SHA256). */
  public static final int BYTES = 32;

  private SigV4SigningKey() {}

  /**
   * Derives the key.
   *
   * @param secret the secret access key
   * @param date the credential scope's date, {@code yyyyMMdd}
   */
  public static byte[] derive(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
    }
  }
}
