package org.peervault.repository.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant: the unit that owns devices, snapshots, chunks and keys. Names are unique. */
@Entity
@Table(name = "organization")
public class Organization extends PanacheEntityBase {

  @Id
  @SequenceGenerator(name = "organization_seq", sequenceName = "organization_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "organization_seq")
  public Long id;

  @Column(name = "name", nullable = false)
  public String name;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
