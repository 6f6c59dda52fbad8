package org.peervault.repository.restore;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An admin's order to restore a source device's files onto a target device. While PENDING it
 * lets the target device plan restores of the source device; the target agent completes it.
 */
@Entity
@Table(name = "restore_request")
public class RestoreRequest extends PanacheEntityBase {

  /** Lifecycle: PENDING until the target agent reports DONE or FAILED. */
  public enum Status { PENDING, DONE, FAILED }

  @Id
  @SequenceGenerator(name = "restore_request_seq", sequenceName = "restore_request_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "restore_request_seq")
  public Long id;

  @Column(name = "organization_id", nullable = false)
  public long organizationId;

  @Column(name = "source_device_id", nullable = false)
  public long sourceDeviceId;

  @Column(name = "target_device_id", nullable = false)
  public long targetDeviceId;

  /** A committed snapshot of the source device, or null to select by {@link #atTime}. */
  @Column(name = "snapshot_id")
  public Long snapshotId;

  /** With no snapshot: per path the newest version at or before this time; null = now. */
  @Column(name = "at_time")
  public Instant atTime;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "paths", nullable = false)
  public String[] paths;

  /** Relative directory under the target agent's restore root. */
  @Column(name = "target_directory", nullable = false)
  public String targetDirectory;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", nullable = false)
  public Status status;

  @Column(name = "requested_by", nullable = false)
  public String requestedBy;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "completed_at")
  public Instant completedAt;

  @Column(name = "outcome")
  public String outcome;
}
