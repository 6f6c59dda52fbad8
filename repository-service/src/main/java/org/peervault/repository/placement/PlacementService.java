package org.peervault.repository.placement;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.catalog.Chunk;
import org.peervault.repository.catalog.ReplicaStore;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.DeviceStore;

/**
 * Places chunks for a caller: gathers the organization's peers, what they hold and what is
 * reserved on them, asks the {@link Placer}, and reserves the space it proposed.
 *
 * <p>Also the catalog's {@link ReplicationPolicy}: a fixed replica count and live window.
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

  private Placer placer;

  @PostConstruct
  void init() {
    placer = new SpreadPlacer(config.replicas(), config.spares());
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
    LOG.debugf("placement: placed device=%d chunks=%d peers=%d excluded=%d", caller.deviceId(),
        chunks.size(), fleet.peers().size(), excluded.size());
    return placements;
  }

  private Fleet fleet(Caller caller, Instant now, Set<String> chunkIds, Set<Long> excluded) {
    return new Fleet(caller.deviceId(), peers(caller.organizationId(), now, chunkIds,
        config.liveWindow()), Set.copyOf(excluded));
  }

  /**
   * The organization's active devices as placement candidates at {@code now}: free bytes net
   * of what they hold and what is reserved (except for {@code chunkIds}); live when serving
   * (not draining or retired) and seen within {@code window}.
   */
  @Transactional
  public List<Peer> peers(long organizationId, Instant now, Set<String> chunkIds,
      Duration window) {
    List<Device> active = devices.listActive(organizationId);
    List<Long> deviceIds = active.stream().map(d -> d.id).toList();
    Map<Long, Long> stored = replicas.storedBytes(deviceIds);
    Map<Long, Long> reserved = reservations.reservedBytes(now, chunkIds);
    return active.stream().map(d -> {
      long held = Math.max(d.usedBytes, stored.getOrDefault(d.id, 0L));
      long free = d.quotaBytes - held - reserved.getOrDefault(d.id, 0L);
      return new Peer(d.id, d.peerAddress, d.site, d.subnet, free,
          d.peerState == Device.PeerState.SERVING && d.isLive(now, window));
    }).toList();
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
