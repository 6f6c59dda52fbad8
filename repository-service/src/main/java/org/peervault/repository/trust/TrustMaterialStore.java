package org.peervault.repository.trust;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rows of {@code trust_material}; callers provide the transaction. */
@ApplicationScoped
public class TrustMaterialStore {
  /** One row: a public part and its master-key-protected secret part. */
  public record Material(byte[] publicPart, byte[] secretPart, String masterKeyId) {}

  @Inject
  EntityManager em;

  /** Serializes first-start creation across service instances until the transaction ends. */
  public void lockForCreation(long advisoryLock) {
    em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, advisoryLock).getSingleResult();
  }

  public Optional<Material> find(String name) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery(
        "SELECT public_part, secret_part, master_key_id FROM trust_material WHERE name = ?1")
        .setParameter(1, name).getResultList();
    return rows.stream().findFirst().map(r -> new Material((byte[]) r[0], (byte[]) r[1], (String) r[2]));
  }

  public void insert(String name, Material material) {
    em.createNativeQuery("INSERT INTO trust_material (name, public_part, secret_part, master_key_id, created_at)"
        + " VALUES (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, name).setParameter(2, material.publicPart()).setParameter(3, material.secretPart())
        .setParameter(4, material.masterKeyId()).setParameter(5, Instant.now())
        .executeUpdate();
  }
}
