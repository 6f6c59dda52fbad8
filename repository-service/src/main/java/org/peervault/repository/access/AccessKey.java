package org.peervault.repository.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** An S3 access key; the secret only in wrapped form (see the package doc). */
@Entity
@Table(name = "s3_access_key")
public class AccessKey extends PanacheEntityBase {

  @Id
  @SequenceGenerator(name = "s3_access_key_seq", sequenceName = "s3_access_key_seq",
      allocationSize = 50)
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "s3_access_key_seq")
  public Long id;

  @Column(name = "organization_id", nullable = false)
  public long organizationId;

  @Column(name = "access_key_id", nullable = false)
  public String accessKeyId;

  @Column(name = "wrap_nonce", nullable = false)
  public byte[] wrapNonce;

  @Column(name = "wrapped_secret", nullable = false)
  public byte[] wrappedSecret;

  @Column(name = "master_key_id", nullable = false)
  public String masterKeyId;

  @Column(name = "owner_user_id", nullable = false)
  public long ownerUserId;

  @Column(name = "description", nullable = false)
  public String description;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;
}
