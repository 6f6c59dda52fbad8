package org.peervault.repository.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One recorded admin or helpdesk action. Append-only. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** The actor's organization; null when it could not be resolved. */
  @Column(name = "organization_id")
  public Long organizationId;

  @Column(name = "at", nullable = false)
  public Instant at;

  @Column(name = "actor", nullable = false)
  public String actor;

  @Column(name = "actor_role", nullable = false)
  public String actorRole;

  @Column(name = "action", nullable = false)
  public String action;

  @Column(name = "target", nullable = false)
  public String target;

  @Column(name = "outcome", nullable = false)
  public String outcome;
}
