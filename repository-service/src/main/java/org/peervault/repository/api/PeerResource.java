package org.peervault.repository.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.peervault.repository.Listing;
import org.peervault.repository.catalog.ReplicaStore;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.DeviceStore;
import org.peervault.repository.device.Devices;
import org.peervault.repository.identity.Role;
import org.peervault.repository.placement.Availability;
import org.peervault.repository.repair.Drains;

/**
 * Peers (every device is one): what they lend, hold, and when they are up (admin, helpdesk);
 * draining one (admin).
 */
@Path("/api/peers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "peers")
@RolesAllowed({Role.ADMIN, Role.HELPDESK})
public class PeerResource {

  @Inject
  CurrentActor actor;

  @Inject
  Availability availability;

  @Inject
  DeviceStore store;

  @Inject
  Devices devices;

  @Inject
  ReplicaStore replicas;

  @Inject
  ReplicationPolicy replication;

  @Inject
  Drains drains;

  /**
   * A peer. Sizes in bytes; {@code uptimeCycle} holds 24 probabilities, one per local hour.
   *
   * @param live whether it was seen within the live window (reachable for restores)
   * @param peerState SERVING, DRAINING (its replicas are being moved elsewhere) or RETIRED
   * @param replicasHeld chunk replicas it holds for others
   * @param bytesHeld stored bytes of those replicas
   */
  public record PeerView(long deviceId, String name, String status, boolean live,
      String peerState, Instant drainStartedAt, Instant retiredAt,
      Instant lastSeenAt, long quotaBytes, long usedBytes, long replicasHeld, long bytesHeld,
      List<Double> uptimeCycle) {}

  @GET
  @Transactional
  @Operation(summary = "List peers; filters: status, live, group.")
  public PageView<PeerView> list(@QueryParam("status") Device.Status status,
      @QueryParam("live") Boolean live, @QueryParam("group") String group,
      @Valid @BeanParam PageParams page) {
    long org = actor.organizationId();
    DeviceStore.Filter filter = new DeviceStore.Filter(status, null, group, null);
    if (live == null) {
      Listing<Device> found = store.search(org, filter, page.page, page.size);
      return new PageView<>(views(found.items()), page.page, page.size, found.total());
    }
    List<Device> all = store.search(org, filter, 0, Integer.MAX_VALUE).items().stream()
        .filter(d -> d.isLive(Instant.now(), replication.liveWindow()) == live).toList();
    return PageView.slice(views(all), page);
  }

  @GET
  @Path("{id}")
  @Transactional
  @Operation(summary = "One peer.")
  public PeerView get(@PathParam("id") long id) {
    return views(List.of(devices.requireInOrganization(actor.organizationId(), id))).get(0);
  }

  @POST
  @Path("{id}/drain")
  @RolesAllowed(Role.ADMIN)
  @Audited("peer.drain")
  @Transactional
  @Operation(summary = "Drain a peer: its chunks are copied elsewhere by the repair job, it gets"
      + " no new ones, then it is retired and its replicas deleted. Follow it in /api/repair.")
  public PeerView drain(@PathParam("id") long id) {
    return views(List.of(drains.drain(actor.organizationId(), id))).get(0);
  }

  private List<PeerView> views(List<Device> list) {
    Map<Long, ReplicaStore.Holding> held = list.isEmpty() ? Map.of()
        : replicas.holdings(list.stream().map(d -> d.id).toList());
    Instant now = Instant.now();
    return list.stream().map(d -> {
      List<Double> cycle = availability.cycle(d.id, now).hourly();
      ReplicaStore.Holding h = held.getOrDefault(d.id, new ReplicaStore.Holding(0, 0));
      return new PeerView(d.id, d.name, d.status.name(), d.isLive(now, replication.liveWindow()),
          d.peerState.name(), d.drainStartedAt, d.retiredAt, d.lastSeenAt, d.quotaBytes, d.usedBytes, h.replicas(), h.storedBytes(), cycle);
    }).toList();
  }
}
