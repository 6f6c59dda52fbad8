package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.DeviceStore;
import org.peervault.repository.device.Devices;
import org.peervault.repository.identity.Actor;
import org.peervault.repository.identity.Role;
import org.peervault.repository.identity.Users;

/** Devices: list and detail (admin, helpdesk; users see their own), revoke and owner (admin). */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "devices")
public class DeviceResource {

  @Inject
  CurrentActor actor;

  @Inject
  DeviceStore store;

  @Inject
  Devices devices;

  @Inject
  Users users;

  /** A device as the API shows it. Sizes in bytes. */
  public record DeviceView(long id, String name, String status, Long ownerUserId,
      String deviceGroup, String peerAddress, String site, String subnet, long quotaBytes,
      long usedBytes, Instant registeredAt, Instant lastSeenAt, boolean s3Gateway) {

    static DeviceView of(Device d) {
      return new DeviceView(d.id, d.name, d.status.name(), d.ownerUserId, d.deviceGroup,
          d.peerAddress, d.site, d.subnet, d.quotaBytes, d.usedBytes, d.registeredAt,
          d.lastSeenAt, d.s3Gateway);
    }
  }

  /** Whether a device serves S3 for every access key of the organization. */
  public record S3GatewayChange(Boolean enabled) {}

  /** The new owner of a device; null for nobody. */
  public record OwnerChange(Long userId) {}

  @GET
  @RolesAllowed({Role.ADMIN, Role.HELPDESK, Role.USER})
  @Transactional
  @Operation(summary = "List devices; filters: status, ownerUserId, group, name (contains)."
      + " Users see only their own.")
  public PageView<DeviceView> list(@QueryParam("status") Device.Status status,
      @QueryParam("ownerUserId") Long ownerUserId, @QueryParam("group") String group,
      @QueryParam("name") String name, @Valid @BeanParam PageParams page) {
    Actor a = actor.get();
    Long owner = a.isAdmin() || a.isHelpdesk() ? ownerUserId : Long.valueOf(a.userId());
    return PageView.of(store.search(a.organizationId(), new DeviceStore.Filter(status, owner,
        group, name), page.page, page.size), page, DeviceView::of);
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Role.ADMIN, Role.HELPDESK, Role.USER})
  @Transactional
  @Operation(summary = "One device. Users see only their own.")
  public DeviceView get(@PathParam("id") long id) {
    Actor a = actor.get();
    Device d = devices.requireInOrganization(a.organizationId(), id);
    if (!a.isAdmin() && !a.isHelpdesk()) {
      actor.requireAdminOrOwner(d.ownerUserId, "device", id);
    }
    return DeviceView.of(d);
  }

  @POST
  @Path("{id}/revoke")
  @RolesAllowed(Role.ADMIN)
  @Audited("device.revoke")
  @Operation(summary = "Revoke a device: it no longer authenticates, stores or serves chunks.")
  public DeviceView revoke(@PathParam("id") long id) {
    return DeviceView.of(devices.revoke(actor.organizationId(), id));
  }

  @PUT
  @Path("{id}/owner")
  @RolesAllowed(Role.ADMIN)
  @Audited("device.owner")
  @Operation(summary = "Make a user (userId, or null for nobody) the owner of a device.")
  public DeviceView owner(@PathParam("id") long id, OwnerChange change) {
    if (change == null) {
      throw PeerVaultException.invalid("invalid-request", "send {\"userId\": <id or null>}");
    }
    long org = actor.organizationId();
    if (change.userId() != null) {
      users.require(org, change.userId());
    }
    return DeviceView.of(devices.assignOwner(org, id, change.userId()));
  }

  @PUT
  @Path("{id}/s3-gateway")
  @RolesAllowed(Role.ADMIN)
  @Audited("device.s3-gateway")
  @Operation(summary = "Mark a device as an S3 gateway ({\"enabled\": true}): it may then act"
      + " for every access key of the organization; other devices only for their owner's keys.")
  public DeviceView s3Gateway(@PathParam("id") long id, S3GatewayChange change) {
    if (change == null || change.enabled() == null) {
      throw PeerVaultException.invalid("invalid-request", "send {\"enabled\": true|false}");
    }
    return DeviceView.of(devices.markS3Gateway(actor.organizationId(), id, change.enabled()));
  }
}
