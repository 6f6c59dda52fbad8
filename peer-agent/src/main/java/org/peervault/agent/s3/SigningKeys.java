package org.peervault.agent.s3;

import java.time.LocalDate;
import java.util.Optional;
import org.peervault.agent.objects.ObjectStore.Principal;

/**
 * Where the gateway gets SigV4 signing keys. The secret access key never needs to reach the
 * gateway: the derived per-day key {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region),
 * service), "aws4_request")} is enough to check a signature, and it is what the repository hands
 * out. Implementations are thread-safe and may cache keys until the end of their day.
 */
public interface SigningKeys {

  /**
   * The signing key of an access key for one scope, with the key's owner, or empty when the access
   * key is unknown or revoked (the gateway answers InvalidAccessKeyId).
   *
   * @param accessKeyId the access key id from the request's credential scope
   * @param date the scope's date (UTC)
   * @param region the scope's region
   * @param service the scope's service, "s3"
   */
  Optional<SigningKey> signingKey(String accessKeyId, LocalDate date, String region,
      String service);

  /** A derived signing key (32 bytes) and whom it belongs to. */
  record SigningKey(Principal principal, byte[] key) {}
}
