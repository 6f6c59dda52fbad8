package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.identity.Role;
import org.peervault.repository.proof.AuditStore;
import org.peervault.repository.proof.Verdict;

/** Replica audits in the caller's organization over the last 30 days, by verdict. Admin. */
@Path("/api/replica-audits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "replica audits")
@RolesAllowed(Role.ADMIN)
public class ReplicaAuditResource {
  private static final Duration WINDOW = Duration.ofDays(30);

  @Inject
  CurrentActor actor;

  @Inject
  AuditStore store;

  /**
   * Audits issued since {@code since}, counted by verdict (PENDING, PASSED, FAILED, MISSED,
   * CANCELLED); FAILED and MISSED each marked a replica lost for repair to replace.
   */
  public record ReplicaAuditView(Instant since, Map<Verdict, Long> audits) {}

  @GET
  @Transactional
  @Operation(summary = "Replica audits of the last 30 days by verdict.")
  public ReplicaAuditView get() {
    Instant since = Instant.now().minus(WINDOW);
    return new ReplicaAuditView(since, store.counts(actor.organizationId(), since));
  }
}
