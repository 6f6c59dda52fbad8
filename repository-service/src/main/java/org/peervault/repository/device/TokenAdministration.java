package org.peervault.repository.device;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.peervault.repository.Listing;
import org.peervault.repository.PeerVaultException;

/**
 * What admins do with enrollment tokens: issue one for a device group, list them (never the
 * token itself, only its metadata), and revoke one (it expires at once). Registration with a
 * token stays in {@link Enrollment}.
 */
@ApplicationScoped
public class TokenAdministration {
  private static final Logger LOG = Logger.getLogger(TokenAdministration.class);
  private static final int MAX_GROUP_CHARS = 128;

  @jakarta.inject.Inject
  org.peervault.repository.trust.CertificateAuthority ca;

  /** An issued token: its row, and {@code <secret>.<CA fingerprint>} (shown once, only the secret's hash is kept). */
  public record Issued(EnrollmentToken row, String token) {}

  /**
   * Issues an enrollment token.
   *
   * @param deviceGroup the group devices enrolled with it join (its policy applies), or null
   * @param singleUse whether the first registration spends it
   * @param expiresAt when it stops working, or null for never
   */
  @Transactional
  public Issued issue(long organizationId, String deviceGroup, boolean singleUse,
      Instant expiresAt) {
    String group = deviceGroup == null || deviceGroup.isBlank() ? null : deviceGroup.strip();
    if (group != null && (group.length() > MAX_GROUP_CHARS
        || group.chars().anyMatch(Character::isISOControl))) {
      throw PeerVaultException.invalid("invalid-device-group", "enrollment: device group must"
          + " have at most " + MAX_GROUP_CHARS + " characters and no control characters");
    }
    if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
      throw PeerVaultException.invalid("invalid-expiry", "enrollment: expiresAt " + expiresAt
          + " is in the past; give a future time or none");
    }
    EnrollmentToken row = new EnrollmentToken();
    row.organization = Organization.findById(organizationId);
    if (row.organization == null) {
      throw PeerVaultException.notFound("organization-not-found", "enrollment: organization "
          + organizationId + " does not exist");
    }
    String token = EnrollmentSecrets.newEnrollmentToken();
    row.tokenHash = EnrollmentSecrets.hash(token);
    row.singleUse = singleUse;
    row.createdAt = Instant.now();
    row.expiresAt = expiresAt;
    row.deviceGroup = group;
    row.persist();
    LOG.infof("enrollment: token issued organization=%d token=%d group=%s singleUse=%b"
        + " expiresAt=%s", organizationId, row.id, group, singleUse, expiresAt);
    // Handed out with the CA fingerprint, so the agent can check the repository before trusting it.
    return new Issued(row, token + "." + ca.fingerprint());
  }

  /** An organization's tokens, newest first; {@code usableOnly} hides spent and expired ones. */
  @Transactional
  public Listing<EnrollmentToken> list(long organizationId, boolean usableOnly, int page,
      int size) {
    String q = "organization.id = :org";
    Parameters p = Parameters.with("org", organizationId);
    if (usableOnly) {
      q += " and (expiresAt is null or expiresAt > :now)"
          + " and (singleUse = false or usedAt is null)";
      p = p.and("now", Instant.now());
    }
    var query = EnrollmentToken.<EnrollmentToken>find(q, Sort.descending("id"), p);
    return new Listing<>(query.page(Page.of(page, size)).list(), query.count());
  }

  /** Revokes a token: it expires now. Revoking an expired token changes nothing. */
  @Transactional
  public EnrollmentToken revoke(long organizationId, long tokenId) {
    EnrollmentToken row = EnrollmentToken.<EnrollmentToken>findByIdOptional(tokenId)
        .filter(t -> t.organization.id == organizationId)
        .orElseThrow(() -> PeerVaultException.notFound("enrollment-token-not-found",
            "enrollment token " + tokenId + " does not exist in your organization"));
    Instant now = Instant.now();
    if (row.expiresAt == null || row.expiresAt.isAfter(now)) {
      row.expiresAt = now;
      LOG.infof("enrollment: token revoked organization=%d token=%d", organizationId, row.id);
    }
    return row;
  }
}
