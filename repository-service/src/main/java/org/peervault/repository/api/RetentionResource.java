package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.identity.Role;
import org.peervault.repository.retention.CollectionStore;
import org.peervault.repository.retention.RetentionRun;

/**
 * Retention and garbage collection in the caller's organization: the recent runs (what they
 * expired, collected, and the space peers reported freed) and the collection under way. Admin.
 */
@Path("/api/retention")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "retention")
@RolesAllowed(Role.ADMIN)
public class RetentionResource {
  private static final int RUNS_SHOWN = 20;

  @Inject
  CurrentActor actor;

  @Inject
  CollectionStore store;

  /**
   * Retention at a glance. Sizes in bytes.
   *
   * @param reclaimedBytes stored bytes peers reported freed, over the runs shown
   * @param runs the newest runs, newest first
   * @param backlog chunks being collected and deletions peers have not reported yet
   */
  public record RetentionView(long reclaimedBytes, List<RetentionRun> runs,
      RetentionRun.Backlog backlog) {}

  @GET
  @Transactional
  @Operation(summary = "Recent retention runs, reclaimed space, and collection under way.")
  public RetentionView get() {
    long org = actor.organizationId();
    List<RetentionRun> runs = store.runs(org, RUNS_SHOWN);
    return new RetentionView(runs.stream().mapToLong(RetentionRun::reclaimedBytes).sum(), runs,
        store.backlog(org));
  }
}
