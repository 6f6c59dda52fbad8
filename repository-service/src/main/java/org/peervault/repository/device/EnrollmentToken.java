package org.peervault.repository.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A token that lets a machine register as a device of an organization. Only its SHA-256 is
 * stored. A single-use token is spent by its first registration; {@code expiresAt} null means
 * it never expires.
 */
@Entity
@Table(name = "enrollment_token")
public class EnrollmentToken extends PanacheEntityBase {

  @Id
  @SequenceGenerator(name = "enrollment_token_seq", sequenceName = "enrollment_token_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "enrollment_token_seq")
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "organization_id", nullable = false)
  public Organization organization;

  @Column(name = "token_hash", nullable = false)
  public byte[] tokenHash;


  @Column(name = "single_use", nullable = false)
  public boolean singleUse;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "used_at")
  public Instant usedAt;

  /** The device group that devices enrolled with this token join; null for none. */
  @Column(name = "device_group")
  public String deviceGroup;

  /** Whether the token may still register a device at {@code now}. */
  public boolean isUsable(Instant now) {
    boolean expired = expiresAt != null && !now.isBefore(expiresAt);
    boolean spent = singleUse && usedAt != null;
    return !expired && !spent;
  }
}
