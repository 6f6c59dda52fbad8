package org.peervault.repository.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * One version of one path in one snapshot. Rows are written in bulk by {@link FileVersionStore};
 * ids come from an identity column.
 */
@Entity
@Table(name = "file_version")
public class FileVersion extends PanacheEntityBase {

  /** What a path is. */
  public enum Kind { REGULAR, DIRECTORY, SYMLINK }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "snapshot_id", nullable = false)
  public Snapshot snapshot;

  @Column(name = "path", nullable = false)
  public String path;

  @Enumerated(EnumType.STRING)
  @Column(name = "kind", nullable = false)
  public Kind kind;

  @Column(name = "size_bytes", nullable = false)
  public long sizeBytes;

  /** POSIX permission bits. */
  @Column(name = "mode", nullable = false)
  public int mode;

  @Column(name = "mtime_millis", nullable = false)
  public long mtimeMillis;

  @Column(name = "link_target")
  public String linkTarget;
}
