package org.peervault.repository.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.peervault.repository.device.Organization;

/**
 * A stored chunk. Its id is the hex SHA-256 of its ciphertext (64 lowercase hex digits); within
 * an organization there is at most one chunk per plaintext hash. {@code keyVersion} is the
 * organization secret version its key derives from. Rows are written by {@link ChunkStore}.
 */
@Entity
@Table(name = "chunk")
public class Chunk extends PanacheEntityBase {

  @Id
  @Column(name = "id")
  public String id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "organization_id", nullable = false)
  public Organization organization;

  @Column(name = "plain_hash", nullable = false)
  public byte[] plainHash;

  @Column(name = "plain_size_bytes", nullable = false)
  public long plainSizeBytes;

  @Column(name = "stored_size_bytes", nullable = false)
  public long storedSizeBytes;

  @Column(name = "key_version", nullable = false)
  public int keyVersion;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /** Whether {@code id} has the form of a chunk id: 64 lowercase hex digits. */
  public static boolean isValidId(String id) {
    if (id == null || id.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = id.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The first 12 hex digits of a chunk id, as logs and messages show it. */
  public static String shortId(String id) {
    return id == null || id.length() <= 12 ? String.valueOf(id) : id.substring(0, 12);
  }
}
