package org.peervault.repository.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;

/** Data access for enrollment tokens, found by hash. Callers provide the transaction. */
@ApplicationScoped
public class EnrollmentTokenStore {

  /** The token with this hash, locked until the transaction ends (single use is exact). */
  public Optional<EnrollmentToken> lockByHash(byte[] tokenHash) {
    return EnrollmentToken.find("tokenHash", tokenHash)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /** Whether the token with this hash exists. */
  public boolean existsByHash(byte[] tokenHash) {
    return EnrollmentToken.count("tokenHash", tokenHash) > 0;
  }

}
