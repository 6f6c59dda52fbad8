package org.peervault.agent.s3;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.peervault.agent.objects.ObjectStore.Principal;
import org.peervault.agent.s3.sigv4.SigV4;

/**
 * {@link SigningKeys} over secrets known to the test (the repository's part in production):
 * derives each day's key the way SigV4 defines it.
 */
public final class TestSigningKeys implements SigningKeys {
  private final Map<String, Entry> keys = new ConcurrentHashMap<>();

  private record Entry(String secret, Principal principal) {}

  /** Adds an access key with its secret; returns this. */
  public TestSigningKeys add(String accessKeyId, String secret, Principal principal) {
    keys.put(accessKeyId, new Entry(secret, principal));
    return this;
  }

  /** Revokes an access key. */
  public void revoke(String accessKeyId) {
    keys.remove(accessKeyId);
  }

  @Override
  public Optional<SigningKey> signingKey(String accessKeyId, LocalDate date, String region,
      String service) {
    Entry entry = keys.get(accessKeyId);
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.of(new SigningKey(entry.principal(),
        derive(entry.secret(), date, region, service)));
  }

  /** SigV4's key derivation: HMAC chain over date, region, service and "aws4_request". */
  public static byte[] derive(String secret, LocalDate date, String region, String service) {
    byte[] key = SigV4.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8),
        SigV4.SCOPE_DATE.format(date));
    key = SigV4.hmac(key, region);
    key = SigV4.hmac(key, service);
    return SigV4.hmac(key, "aws4_request");
  }
}
