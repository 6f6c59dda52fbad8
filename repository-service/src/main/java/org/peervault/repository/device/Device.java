package org.peervault.repository.device;

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
import java.time.Duration;
import java.time.Instant;

/**
 * An enrolled machine, and the peer it runs. Sizes are bytes; {@code usedBytes} is what the peer
 * last reported storing for others. Names are unique within an organization.
 */
@Entity
@Table(name = "device")
public class Device extends PanacheEntityBase {

  /** Lifecycle of a device: only ACTIVE devices authenticate, store and serve chunks. */
  public enum Status { ACTIVE, REVOKED }

  /**
   * What the peer is for placement: SERVING takes new replicas; DRAINING is having its replicas
   * moved elsewhere by an admin's order (no new ones, its own no longer count toward targets);
   * RETIRED is drained, its replicas being deleted.
   */
  public enum PeerState { SERVING, DRAINING, RETIRED }

  @Id
  @SequenceGenerator(name = "device_seq", sequenceName = "device_seq", allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "device_seq")
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "organization_id", nullable = false)
  public Organization organization;

  @Column(name = "name", nullable = false)
  public String name;

  @Column(name = "peer_address", nullable = false)
  public String peerAddress;

  @Column(name = "quota_bytes", nullable = false)
  public long quotaBytes;

  @Column(name = "used_bytes", nullable = false)
  public long usedBytes;

  @Column(name = "site", nullable = false)
  public String site;

  @Column(name = "subnet", nullable = false)
  public String subnet;

  /** The device group whose policy applies; null for the organization's default. */
  @Column(name = "device_group")
  public String deviceGroup;

  /** Whether an admin made this device an S3 gateway that may act for every access key. */
  @Column(name = "s3_gateway", nullable = false)
  public boolean s3Gateway;

  /** The user account whose machine this is; null until claimed or assigned. */
  @Column(name = "owner_user_id")
  public Long ownerUserId;


  @Column(name = "registered_at", nullable = false)
  public Instant registeredAt;

  @Column(name = "last_seen_at")
  public Instant lastSeenAt;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", nullable = false)
  public Status status;

  @Enumerated(EnumType.STRING)
  @Column(name = "peer_state", nullable = false)
  public PeerState peerState = PeerState.SERVING;

  /** When an admin ordered the drain; null when never drained. */
  @Column(name = "drain_started_at")
  public Instant drainStartedAt;

  /** When the drain finished and the peer was retired; null until then. */
  @Column(name = "retired_at")
  public Instant retiredAt;

  /** Whether the device was seen within {@code window} before {@code now}. */
  public boolean isLive(Instant now, Duration window) {
    return lastSeenAt != null && !lastSeenAt.isBefore(now.minus(window));
  }
}
