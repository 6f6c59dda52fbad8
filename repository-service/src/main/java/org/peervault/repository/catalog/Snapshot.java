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
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.peervault.repository.device.Device;

/**
 * One backup run of one device. OPEN until committed; {@code committedAt} is set exactly when
 * the status is COMMITTED, at millisecond precision (the precision of the API). The stats are
 * what the agent reported at commit.
 */
@Entity
@Table(name = "snapshot")
public class Snapshot extends PanacheEntityBase {

  /** OPEN while file versions are added; COMMITTED once visible to listings and restores. */
  public enum Status { OPEN, COMMITTED }

  @Id
  @SequenceGenerator(name = "snapshot_seq", sequenceName = "snapshot_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "snapshot_seq")
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "device_id", nullable = false)
  public Device device;

  @Column(name = "host", nullable = false)
  public String host;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "roots", nullable = false)
  public String[] roots;

  @Column(name = "started_at", nullable = false)
  public Instant startedAt;

  @Column(name = "committed_at")
  public Instant committedAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", nullable = false)
  public Status status;

  @Column(name = "stat_files", nullable = false)
  public long statFiles;

  @Column(name = "stat_bytes", nullable = false)
  public long statBytes;

  @Column(name = "stat_new_chunks", nullable = false)
  public long statNewChunks;

  @Column(name = "stat_deduplicated_chunks", nullable = false)
  public long statDeduplicatedChunks;

  @Column(name = "stat_uploaded_bytes", nullable = false)
  public long statUploadedBytes;

  @Column(name = "stat_skipped_files", nullable = false)
  public long statSkippedFiles;

  @Column(name = "achieved_availability")
  public Double achievedAvailability;

  @Column(name = "target_availability")
  public Double targetAvailability;

  /** The stats as a value. */
  public SnapshotStats stats() {
    return new SnapshotStats(statFiles, statBytes, statNewChunks, statDeduplicatedChunks,
        statUploadedBytes, statSkippedFiles);
  }

  /** Stores reported stats. */
  void setStats(SnapshotStats stats) {
    statFiles = stats.files();
    statBytes = stats.bytes();
    statNewChunks = stats.newChunks();
    statDeduplicatedChunks = stats.deduplicatedChunks();
    statUploadedBytes = stats.uploadedBytes();
    statSkippedFiles = stats.skippedFiles();
  }

  /** Records the availability computed at commit. */
  void setAvailability(SnapshotAvailability availability) {
    achievedAvailability = availability.achieved();
    targetAvailability = availability.target();
  }

  /** A detached summary for protocol layers. */
  public SnapshotSummary summary() {
    return new SnapshotSummary(id, device.id, host, List.of(roots), startedAt, committedAt,
        stats(), achievedAvailability == null || targetAvailability == null ? null
            : new SnapshotAvailability(achievedAvailability, targetAvailability));
  }
}
