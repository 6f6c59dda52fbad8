package org.peervault.repository.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A person known to PeerVault. The identity itself (password, roles) lives in Keycloak; this
 * row ties the Keycloak subject to an organization and to the devices the person owns.
 */
@Entity
@Table(name = "user_account")
public class UserAccount extends PanacheEntityBase {

  @Id
  @SequenceGenerator(name = "user_account_seq", sequenceName = "user_account_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "user_account_seq")
  public Long id;

  @Column(name = "organization_id", nullable = false)
  public long organizationId;

  /** The {@code sub} claim of the user's Keycloak tokens. */
  @Column(name = "keycloak_subject", nullable = false)
  public String keycloakSubject;

  @Column(name = "username", nullable = false)
  public String username;

  @Column(name = "email")
  public String email;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "last_seen_at")
  public Instant lastSeenAt;
}
