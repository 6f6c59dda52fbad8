package org.peervault.repository.placement;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.catalog.Chunk;
import org.peervault.repository.catalog.ReplicaStore;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.catalog.SnapshotAvailability;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.DeviceStore;
import org.peervault.repository.policy.Policies;

/**
 * Places chunks for a caller: gathers the organization's peers, their uptime cycles, what they
 * hold and what is reserved on them, the owner's restore window and target availability (its
 * policy's p_s), asks the {@link AvailabilityPlacer}, and reserves the space it proposed.
 *
 * <p>Also the catalog's {@link ReplicationPolicy}: the fewest confirmed replicas and the live
 * window.
 */
@Startup
@ApplicationScoped
public class PlacementService implements ReplicationPolicy {
  private static final Logger LOG = Logger.getLogger(PlacementService.class);
  /** Most chunks in one placement request. */
  public static final int MAX_CHUNKS = 4096;

  @Inject
  PlacementConfig config;

  @Inject
  DeviceStore devices;

  @Inject
  ReplicaStore replicas;

  @Inject
  Reservations reservations;

  @Inject
  Availability availability;

  @Inject
  Policies policies;

  private Placer placer;

  @PostConstruct
  void init() {
    placer = new AvailabilityPlacer(config.replicas(), config.maxCopies(), config.spares());
  }

  /** A chunk the caller wants placed. */
  public record ChunkToPlace(String chunkId, long storedSizeBytes) {}

  @Override
  public int requiredReplicas() {
    return config.replicas();
  }

  @Override
  public Duration liveWindow() {
    return config.liveWindow();
  }

  /**
   * Chooses peers for the caller's chunks.
   *
   * @param excluded devices the caller could not reach
   * @return one placement per chunk, in order; a placement below its target is the best the
   *     fleet allowed and says so
   * @throws PlacementException when a chunk cannot get {@link #requiredReplicas} peers
   */
  @Transactional
  public List<ChunkPlacement> place(Caller caller, List<ChunkToPlace> chunks, Set<Long> excluded) {
    if (chunks.size() > MAX_CHUNKS) {
      throw PeerVaultException.invalid("placement-too-large", "placement: at most " + MAX_CHUNKS
          + " chunks per call, got " + chunks.size() + "; split the request");
    }
    Set<String> ids = new HashSet<>();
    for (ChunkToPlace c : chunks) {
      if (!Chunk.isValidId(c.chunkId()) || c.storedSizeBytes() < 0) {
        throw PeerVaultException.invalid("invalid-chunk", "placement: chunk \"" + c.chunkId()
            + "\" needs an id of 64 lowercase hex digits and a stored size >= 0");
      }
      if (!ids.add(c.chunkId())) {
        throw PeerVaultException.invalid("invalid-chunk", "placement: chunk " + c.chunkId()
            + " appears twice");
      }
    }
    if (chunks.isEmpty()) {
      return List.of();
    }
    Instant now = Instant.now();
    Fleet fleet = fleet(caller, now, ids, excluded);
    Map<String, Set<Long>> holders = replicas.holders(ids);
    List<ChunkDemand> demands = chunks.stream().map(c -> new ChunkDemand(c.chunkId(),
        c.storedSizeBytes(), holders.getOrDefault(c.chunkId(), Set.of()))).toList();
    List<ChunkPlacement> placements = placer.place(fleet, demands);
    Instant expiresAt = now.plus(config.reservationTtl());
    for (int i = 0; i < placements.size(); i++) {
      ChunkDemand demand = demands.get(i);
      Map<Long, Long> reserve = new HashMap<>();
      for (Peer p : placements.get(i).peers()) {
        if (!demand.holders().contains(p.deviceId())) {
          reserve.put(p.deviceId(), demand.storedSizeBytes());
        }
      }
      reservations.reserve(demand.chunkId(), reserve, expiresAt);
    }
    double achieved = placements.stream().mapToDouble(ChunkPlacement::achievedAvailability).min()
        .orElse(1.0);
    if (achieved < fleet.targetAvailability()) {
      LOG.warnf("placement: below target device=%d chunks=%d achieved=%.6f target=%.6f peers=%d",
          caller.deviceId(), chunks.size(), achieved, fleet.targetAvailability(), fleet.peers().size());
    } else {
      LOG.debugf("placement: placed device=%d chunks=%d achieved=%.6f target=%.6f peers=%d"
          + " excluded=%d", caller.deviceId(), chunks.size(), achieved, fleet.targetAvailability(),
          fleet.peers().size(), excluded.size());
    }
    return placements;
  }

  @Override
  @Transactional
  public SnapshotAvailability assess(Caller caller, Collection<List<Long>> holderSets) {
    Instant now = Instant.now();
    Set<Long> ids = new HashSet<>(List.of(caller.deviceId()));
    holderSets.forEach(ids::addAll);
    Map<Long, UtcUptime> uptimes = new HashMap<>();
    availability.cycles(caller.organizationId(), ids, now)
        .forEach((id, cycle) -> uptimes.put(id, cycle.utc()));
    OwnerNeeds needs = ownerNeeds(caller.organizationId(), now).apply(caller.deviceId());
    double worst = 1.0;
    for (List<Long> holders : holderSets) {
      List<UtcUptime> copies = holders.stream().filter(uptimes::containsKey).map(uptimes::get)
          .toList();
      worst = Math.min(worst, AvailabilityModel.achieved(needs.window(), copies));
    }
    return new SnapshotAvailability(worst, needs.targetAvailability());
  }

  /**
   * The caller's organization as placement sees it at {@code now}: every active device with its
   * free space (quota minus the larger of what it reports and what it holds by the replica
   * table, minus reservations of other chunks), liveness and uptime cycle; the restore window
   * from the caller's own cycle; the target from the caller's policy.
   */
  private Fleet fleet(Caller caller, Instant now, Set<String> chunkIds, Set<Long> excluded) {
    List<Peer> peers = peers(caller.organizationId(), now, chunkIds, config.liveWindow());
    OwnerNeeds needs = ownerNeeds(caller.organizationId(), now).apply(caller.deviceId());
    return new Fleet(caller.deviceId(), peers, excluded, needs.window(), needs.targetAvailability());
  }

  /**
   * The organization's active devices as placement candidates at {@code now}: free bytes net
   * of what they hold and what is reserved (except for {@code chunkIds}); live when serving
   * (not draining or retired) and seen within {@code window}; their uptime cycles by UTC hour.
   */
  @Transactional
  public List<Peer> peers(long organizationId, Instant now, Set<String> chunkIds,
      Duration window) {
    List<Device> active = devices.listActive(organizationId);
    List<Long> deviceIds = active.stream().map(d -> d.id).toList();
    Map<Long, Long> stored = replicas.storedBytes(deviceIds);
    Map<Long, Long> reserved = reservations.reservedBytes(now, chunkIds);
    Map<Long, Availability.LocalCycle> cycles = availability.cycles(organizationId, deviceIds, now);
    return active.stream().map(d -> {
      long held = Math.max(d.usedBytes, stored.getOrDefault(d.id, 0L));
      long free = d.quotaBytes - held - reserved.getOrDefault(d.id, 0L);
      return new Peer(d.id, d.peerAddress, d.site, d.subnet, free, d.quotaBytes,
          d.peerState == Device.PeerState.SERVING && d.isLive(now, window), cycles.get(d.id).utc());
    }).toList();
  }

  /**
   * What placement must achieve for each owner of the organization (by device id): its
   * restore window, from its own uptime cycle, and its policy's target availability. A device
   * not among the active ones gets the office-hours window and the organization's policy.
   */
  @Transactional
  public LongFunction<OwnerNeeds> ownerNeeds(long organizationId, Instant now) {
    List<Device> active = devices.listActive(organizationId);
    Map<Long, Availability.LocalCycle> cycles = availability.cycles(organizationId,
        active.stream().map(d -> d.id).toList(), now);
    // Targets are read now, one per device group, so the function touches no database.
    Map<Long, Double> targets = new HashMap<>();
    Map<String, Double> byGroup = new HashMap<>();
    for (Device d : active) {
      targets.put(d.id, byGroup.computeIfAbsent(d.deviceGroup == null ? "" : d.deviceGroup,
          g -> policies.effective(organizationId, d.deviceGroup).targetAvailability()));
    }
    double organizationTarget = policies.effective(organizationId, null).targetAvailability();
    return owner -> {
      Availability.LocalCycle cycle = cycles.get(owner);
      UtcUptime own = cycle != null ? cycle.utc() : UtcUptime.of(UptimeCycle.officeHours(), 0);
      double target = targets.getOrDefault(owner, organizationTarget);
      return new OwnerNeeds(RestoreWindow.of(own, config.ownerHourThreshold()), target);
    };
  }

  /** The placer in use, for callers that build their own fleet (repair). */
  public Placer placer() {
    return placer;
  }

  /**
   * Reserves space on peers for a chunk placed outside {@link #place} (repair copies), until it
   * is confirmed or the reservation expires.
   */
  public void reserve(String chunkId, Map<Long, Long> bytesByDevice, Instant now) {
    reservations.reserve(chunkId, bytesByDevice, now.plus(config.reservationTtl()));
  }
}
