package org.peervault.repository.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * The {@code seq}-th chunk (from 0) of a regular file version, with the plaintext bytes it
 * contributes. Rows are written in bulk by {@link FileVersionStore}.
 */
@Entity
@Table(name = "chunk_ref")
public class ChunkRef extends PanacheEntityBase {

  @EmbeddedId
  public Key id;

  @MapsId("fileVersionId")
  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "file_version_id", nullable = false)
  public FileVersion fileVersion;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "chunk_id", nullable = false)
  public Chunk chunk;

  @Column(name = "plain_size_bytes", nullable = false)
  public long plainSizeBytes;

  /** Primary key: (file version, position). */
  @Embeddable
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    @Column(name = "file_version_id")
    public Long fileVersionId;

    @Column(name = "seq")
    public int seq;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(k.fileVersionId, fileVersionId)
          && k.seq == seq;
    }

    @Override
    public int hashCode() {
      return Objects.hash(fileVersionId, seq);
    }
  }
}
