package org.peervault.repository.keys;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * One version of an organization's secret, wrapped under the master key.
 *
 * <p>Rows are never updated: rotation adds a higher version; chunks keep the version they were
 * encrypted with.
 */
@Entity
@Table(name = "organization_secret")
@IdClass(OrganizationSecret.Key.class)
public class OrganizationSecret extends PanacheEntityBase {

  @Id
  @Column(name = "organization_id")
  public long organizationId;

  @Id
  @Column(name = "version")
  public int version;

  @Column(name = "wrap_nonce", nullable = false)
  public byte[] wrapNonce;

  @Column(name = "wrapped_secret", nullable = false)
  public byte[] wrappedSecret;

  @Column(name = "master_key_id", nullable = false)
  public String masterKeyId;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /** Additional authenticated data binding a wrapped secret to its organization and version. */
  static String wrapContext(long organizationId, int version) {
    return "peervault/organization-secret/v1:" + organizationId + ":" + version;
  }

  /** Composite primary key (organization, version). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    public long organizationId;
    public int version;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.organizationId == organizationId && k.version == version;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(organizationId) * 31 + version;
    }
  }
}
