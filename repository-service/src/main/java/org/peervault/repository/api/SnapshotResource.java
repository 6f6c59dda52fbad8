package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.catalog.CatalogSearch;
import org.peervault.repository.catalog.SnapshotAvailability;
import org.peervault.repository.catalog.SnapshotSummary;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Devices;
import org.peervault.repository.identity.Role;

/**
 * Snapshots and file versions, searched by device, path and time. Admins see every device of
 * the organization, users their own; helpdesk never sees file names.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "snapshots and file versions")
@RolesAllowed({Role.ADMIN, Role.USER})
public class SnapshotResource {

  @Inject
  CurrentActor actor;

  @Inject
  Devices devices;

  @Inject
  CatalogSearch search;

  /**
   * A committed snapshot. Sizes in bytes. {@code achievedAvailability} is the lowest, over its
   * chunks and the hours of its owner's restore window, of {@code 1 - prod(1 - p_i(h))} at
   * commit; {@code belowTarget} says it fell short of {@code targetAvailability} (the backup went
   * on with the best peers there were). The three are null for snapshots committed before
   * availability was recorded.
   */
  public record SnapshotView(long id, long deviceId, String host, List<String> roots,
      Instant startedAt, Instant committedAt, long files, long bytes, long newChunks,
      long skippedFiles, Double achievedAvailability, Double targetAvailability,
      Boolean belowTarget) {

    static SnapshotView of(SnapshotSummary s) {
      SnapshotAvailability a = s.availability();
      return new SnapshotView(s.id(), s.deviceId(), s.host(), s.roots(), s.startedAt(),
          s.committedAt(), s.stats().files(), s.stats().bytes(), s.stats().newChunks(),
          s.stats().skippedFiles(), a == null ? null : a.achieved(), a == null ? null : a.target(),
          a == null ? null : a.belowTarget());
    }
  }

  /** One version of a path in a snapshot. {@code mode} in octal digits, e.g. "644". */
  public record FileVersionView(long snapshotId, Instant committedAt, String path, String kind,
      long sizeBytes, String mode, Instant modifiedAt) {

    static FileVersionView of(CatalogSearch.Found f) {
      return new FileVersionView(f.snapshotId(), f.committedAt(), f.path(), f.kind().name(),
          f.sizeBytes(), Integer.toOctalString(f.mode()), Instant.ofEpochMilli(f.mtimeMillis()));
    }
  }

  @GET
  @Path("snapshots")
  @Transactional
  @Operation(summary = "Committed snapshots of a device, newest first; filters: from, to"
      + " (ISO-8601 instants, commit time).")
  public PageView<SnapshotView> snapshots(
      @QueryParam("deviceId") @NotNull(message = "is required") Long deviceId,
      @QueryParam("from") Instant from, @QueryParam("to") Instant to,
      @Valid @BeanParam PageParams page) {
    Device device = visible(deviceId);
    return PageView.of(search.snapshots(device.id, from, to, page.page, page.size), page,
        SnapshotView::of);
  }

  @GET
  @Path("file-versions")
  @Transactional
  @Operation(summary = "Versions of a path and what lies below it in a device's snapshots;"
      + " filters: path, from, to (commit time). By path, newest first.")
  public PageView<FileVersionView> versions(
      @QueryParam("deviceId") @NotNull(message = "is required") Long deviceId,
      @QueryParam("path") String path, @QueryParam("from") Instant from,
      @QueryParam("to") Instant to, @Valid @BeanParam PageParams page) {
    Device device = visible(deviceId);
    return PageView.of(search.versions(device.id, path, from, to, page.page, page.size), page,
        FileVersionView::of);
  }

  private Device visible(long deviceId) {
    Device d = devices.requireInOrganization(actor.organizationId(), deviceId);
    actor.requireAdminOrOwner(d.ownerUserId, "device", deviceId);
    return d;
  }
}
