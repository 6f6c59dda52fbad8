package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.identity.Role;
import org.peervault.repository.repair.RepairJob;
import org.peervault.repository.repair.RepairReport;
import org.peervault.repository.repair.RepairStatus;

/** Repair: where it stands (chunks to examine, copies, deletes, drains), and a run now. Admin. */
@Path("/api/repair")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "repair")
@RolesAllowed(Role.ADMIN)
public class RepairResource {

  @Inject
  CurrentActor actor;

  @Inject
  RepairStatus status;

  @Inject
  RepairJob job;

  @GET
  @Operation(summary = "Repair status: chunks to examine, unrecoverable chunks, copy, delete and"
      + " audit tasks by state, peers draining or retired, and this instance's last run.")
  public RepairStatus.Status get() {
    return status.of(actor.organizationId());
  }

  @POST
  @Path("runs")
  @Audited("repair.run")
  @Operation(summary = "Run repair for the organization now; 409 repair-running while another"
      + " run (of any instance) holds the repair lock.")
  public RepairReport run() {
    return job.run(actor.organizationId()).orElseThrow(() -> PeerVaultException.precondition(
        "repair-running", "repair: another run is in progress (in this or another instance of"
        + " the service); retry when it is done"));
  }
}
