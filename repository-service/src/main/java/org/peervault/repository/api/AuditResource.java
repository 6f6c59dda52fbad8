package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.audit.AuditEntry;
import org.peervault.repository.audit.AuditLog;
import org.peervault.repository.identity.Role;

/** The audit log of admin and helpdesk actions. Admin only. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit log")
@RolesAllowed(Role.ADMIN)
public class AuditResource {

  @Inject
  CurrentActor actor;

  @Inject
  AuditLog log;

  /** One audit entry; {@code outcome} is ok or the stable code of the failure. */
  public record AuditView(long id, Instant at, String actor, String role, String action,
      String target, String outcome) {

    static AuditView of(AuditEntry e) {
      return new AuditView(e.id, e.at, e.actor, e.actorRole, e.action, e.target, e.outcome);
    }
  }

  @GET
  @Operation(summary = "Audit entries, newest first; filters: actor, action, outcome, from, to.")
  public PageView<AuditView> list(@QueryParam("actor") String actorName,
      @QueryParam("action") String action, @QueryParam("outcome") String outcome,
      @QueryParam("from") Instant from, @QueryParam("to") Instant to,
      @Valid @BeanParam PageParams page) {
    return PageView.of(log.search(actor.organizationId(), new AuditLog.Filter(actorName, action,
        outcome, from, to), page.page, page.size), page, AuditView::of);
  }
}
