package org.peervault.repository.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;

/** Reads and adds wrapped organization secrets. Callers provide the transaction. */
@ApplicationScoped
public class OrganizationSecretStore {

  @Inject
  EntityManager em;

  /** All versions of an organization's secret, lowest first. */
  public List<OrganizationSecret> versions(long organizationId) {
    return OrganizationSecret.list("organizationId = ?1 order by version", organizationId);
  }

  /**
   * Adds a version unless one with that number exists already (another instance may have won the
   * race); the caller re-reads to learn which one is stored.
   */
  public void addIfAbsent(long organizationId, int version, MasterKey.Wrapped wrapped,
      String masterKeyId) {
    em.createNativeQuery("INSERT INTO organization_secret (organization_id, version, wrap_nonce,"
            + " wrapped_secret, master_key_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            + " ON CONFLICT (organization_id, version) DO NOTHING")
        .setParameter(1, organizationId)
        .setParameter(2, version)
        .setParameter(3, wrapped.nonce())
        .setParameter(4, wrapped.ciphertext())
        .setParameter(5, masterKeyId)
        .setParameter(6, Instant.now())
        .executeUpdate();
  }
}
