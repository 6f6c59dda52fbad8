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
import java.time.Instant;
import org.peervault.repository.device.Device;

/**
 * A copy of a chunk on a peer. At most one per (chunk, device). Rows are written in bulk by
 * {@link ReplicaStore}.
 */
@Entity
@Table(name = "replica")
public class Replica extends PanacheEntityBase {

  /**
   * What is known of the copy: CONFIRMED by its peer; LOST, known unusable (e.g. a failed
   * audit); RETIRED, on a drained peer and being deleted there.
   */
  public enum State { CONFIRMED, LOST, RETIRED }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "chunk_id", nullable = false)
  public Chunk chunk;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "device_id", nullable = false)
  public Device device;

  @Enumerated(EnumType.STRING)
  @Column(name = "state", nullable = false)
  public State state;

  @Column(name = "confirmed_at", nullable = false)
  public Instant confirmedAt;

  @Column(name = "last_verified_at")
  public Instant lastVerifiedAt;
}
