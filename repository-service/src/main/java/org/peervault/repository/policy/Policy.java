package org.peervault.repository.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored policy of an organization (device group null) or of one device group. */
@Entity
@Table(name = "policy")
public class Policy extends PanacheEntityBase {

  @Id
  @SequenceGenerator(name = "policy_seq", sequenceName = "policy_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "policy_seq")
  public Long id;

  @Column(name = "organization_id", nullable = false)
  public long organizationId;

  @Column(name = "device_group")
  public String deviceGroup;

  @Column(name = "name", nullable = false)
  public String name;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "include_paths", nullable = false)
  public String[] includePaths;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "exclude_patterns", nullable = false)
  public String[] excludePatterns;

  @Column(name = "schedule", nullable = false)
  public String schedule;

  @Column(name = "retention_days", nullable = false)
  public int retentionDays;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "record_patterns", nullable = false)
  public String[] recordPatterns;

  @Column(name = "record_retention_days", nullable = false)
  public int recordRetentionDays;

  @Column(name = "target_availability", nullable = false)
  public double targetAvailability;

  @Column(name = "peer_quota_bytes", nullable = false)
  public long peerQuotaBytes;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** The settings this row holds. */
  public PolicySettings settings() {
    return new PolicySettings(id, name, java.util.List.of(includePaths), java.util.List.of(excludePatterns),
        java.time.Duration.parse(schedule), retentionDays, java.util.List.of(recordPatterns), recordRetentionDays,
        targetAvailability, peerQuotaBytes);
  }

  /** Overwrites this row's settings with {@code s} (the id and name stay). */
  public void apply(PolicySettings s) {
    includePaths = s.includePaths().toArray(String[]::new);
    excludePatterns = s.excludePatterns().toArray(String[]::new);
    schedule = s.schedule().toString();
    retentionDays = s.retentionDays();
    recordPatterns = s.recordPatterns().toArray(String[]::new);
    recordRetentionDays = s.recordRetentionDays();
    targetAvailability = s.targetAvailability();
    peerQuotaBytes = s.peerQuotaBytes();
    updatedAt = Instant.now();
  }
}
