package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.identity.Role;
import org.peervault.repository.restore.RestoreRequest;
import org.peervault.repository.restore.RestoreRequests;

/**
 * Restore requests: an admin restores a user's files (a device's snapshot, or per path as of a
 * time) onto a chosen device; its agent carries them out ({@code peer-agent tasks}). Admin only.
 */
@Path("/api/restore-requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "restore requests")
@RolesAllowed(Role.ADMIN)
public class RestoreRequestResource {

  @Inject
  CurrentActor actor;

  @Inject
  RestoreRequests requests;

  /** A restore request and its progress. */
  public record RestoreRequestView(long id, long sourceDeviceId, long targetDeviceId,
      Long snapshotId, Instant at, List<String> paths, String targetDirectory, String status,
      String requestedBy, Instant createdAt, Instant completedAt, String outcome) {

    static RestoreRequestView of(RestoreRequest r) {
      return new RestoreRequestView(r.id, r.sourceDeviceId, r.targetDeviceId, r.snapshotId,
          r.atTime, List.of(r.paths), r.targetDirectory, r.status.name(), r.requestedBy,
          r.createdAt, r.completedAt, r.outcome);
    }
  }

  /**
   * What to restore: whose files ({@code sourceDeviceId}), onto which device, which versions
   * ({@code snapshotId}, or per path as of {@code at}, or the newest), which paths (empty for
   * all), into which directory below the target agent's restore root.
   */
  public record NewRestoreRequest(
      @NotNull(message = "is required") @Positive(message = "must be a device id")
      Long sourceDeviceId,
      @NotNull(message = "is required") @Positive(message = "must be a device id")
      Long targetDeviceId,
      @Positive(message = "must be a snapshot id") Long snapshotId,
      Instant at,
      @Size(max = 1000, message = "at most 1000 paths") List<String> paths,
      @Size(max = 1000, message = "at most 1000 characters") String targetDirectory) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Audited("restore-request.create")
  @Operation(summary = "Order a restore of a device's files onto a chosen device.")
  public Response create(@Valid @NotNull(message = "send a JSON body") NewRestoreRequest b) {
    if (b.snapshotId() != null && b.at() != null) {
      throw org.peervault.repository.PeerVaultException.invalid("invalid-restore", "give"
          + " snapshotId or at, not both");
    }
    RestoreRequest r = requests.create(actor.organizationId(), actor.get().username(),
        new RestoreRequests.Order(b.sourceDeviceId(), b.targetDeviceId(), b.snapshotId(), b.at(),
            b.paths(), b.targetDirectory()));
    return Response.status(201).entity(RestoreRequestView.of(r)).build();
  }

  @GET
  @Operation(summary = "List restore requests, newest first; filters: status, sourceDeviceId,"
      + " targetDeviceId.")
  public PageView<RestoreRequestView> list(@QueryParam("status") RestoreRequest.Status status,
      @QueryParam("sourceDeviceId") Long source, @QueryParam("targetDeviceId") Long target,
      @Valid @BeanParam PageParams page) {
    return PageView.of(requests.list(actor.organizationId(), new RestoreRequests.Filter(status,
        source, target), page.page, page.size), page, RestoreRequestView::of);
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One restore request.")
  public RestoreRequestView get(@PathParam("id") long id) {
    return RestoreRequestView.of(requests.require(actor.organizationId(), id));
  }
}
