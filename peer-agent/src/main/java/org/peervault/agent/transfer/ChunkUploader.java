package org.peervault.agent.transfer;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.proto.v1.ChunkData;
import org.peervault.proto.v1.ChunkToPlace;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.PeerGrant;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.PlaceChunksResponse;
import org.peervault.proto.v1.Placement;
import org.peervault.proto.v1.StoreChunkRequest;
import org.peervault.proto.v1.StoreChunksRequest;
import org.peervault.proto.v1.StoreChunksResponse;

/**
 * Stores sealed chunks on as many peers as their placements require. A batch goes out as one
 * {@code StoreChunks} stream per peer, carrying the peer's grant once and the chunks the placements
 * give it; a peer whose stream fails is remembered for the rest of the run and its chunks go, one by
 * one, to their placements' next spares, and when the spares run out to new placements that exclude
 * every failed peer. Thread-safe.
 */
public final class ChunkUploader {
  private static final Logger LOG = Logger.getLogger(ChunkUploader.class.getName());
  private static final long STORE_DEADLINE_MILLIS = 30_000;
  /** A stream's deadline grows by a millisecond per this many bytes (a floor of 64 KB/s). */
  private static final long DEADLINE_BYTES_PER_MILLI = 64;
  /** Chunks are grouped into messages of about this size (a larger chunk goes alone). */
  private static final int MESSAGE_BYTES = 1 << 20;
  private static final int PLACEMENT_ROUNDS = 3;

  private final RepositoryClient repository;
  private final PeerChannels peers;
  private final Set<Long> failedPeers = ConcurrentHashMap.newKeySet();

  public ChunkUploader(RepositoryClient repository, PeerChannels peers) {
    this.repository = repository;
    this.peers = peers;
  }

  /** A sealed chunk and where the repository placed it. */
  public record Outgoing(ChunkId id, byte[] sealed, Placement placement) {}

  /**
   * Stores every chunk of {@code placed} (the chunks in {@code sealed}) on its required peers;
   * returns, per chunk, the device ids that acknowledged it, in the order of {@code chunks}.
   *
   * @throws UploadException when not enough peers took a chunk after every retry
   */
  public Map<ChunkId, List<Long>> upload(List<Outgoing> chunks, PlaceChunksResponse placed) {
    Map<Long, Grant> grants = grants(placed);
    Map<ChunkId, List<Long>> confirmed = new LinkedHashMap<>();
    Map<Long, PeerRef> refs = new HashMap<>();
    Map<Long, List<Outgoing>> byPeer = new LinkedHashMap<>();
    for (Outgoing chunk : chunks) {
      confirmed.put(chunk.id(), new ArrayList<>(chunk.placement().getRequiredReplicas()));
      for (PeerRef peer : chunk.placement().getPeersList().subList(0,
          Math.min(chunk.placement().getRequiredReplicas(), chunk.placement().getPeersCount()))) {
        if (!failedPeers.contains(peer.getDeviceId())) {
          refs.put(peer.getDeviceId(), peer);
          byPeer.computeIfAbsent(peer.getDeviceId(), d -> new ArrayList<>()).add(chunk);
        }
      }
    }
    Map<Long, CompletableFuture<StoreChunksResponse>> streams = new LinkedHashMap<>();
    byPeer.forEach((peer, outgoing) -> streams.put(peer, stream(refs.get(peer), grants.get(peer), outgoing)));
    streams.forEach((peer, stream) -> {
      try {
        stream.join();
        byPeer.get(peer).forEach(chunk -> confirmed.get(chunk.id()).add(peer));
      } catch (CompletionException e) {
        fail(refs.get(peer), byPeer.get(peer).size() + " chunks", e.getCause());
      }
    });
    for (Outgoing chunk : chunks) {
      List<Long> acknowledged = confirmed.get(chunk.id());
      if (acknowledged.size() < chunk.placement().getRequiredReplicas()) {
        complete(chunk, chunk.placement(), grants, acknowledged);
      }
    }
    return confirmed;
  }

  /** One peer's share of a batch, sent as fast as the stream's flow control lets it. */
  private CompletableFuture<StoreChunksResponse> stream(PeerRef peer, Grant grant, List<Outgoing> chunks) {
    CompletableFuture<StoreChunksResponse> done = new CompletableFuture<>();
    long bytes = chunks.stream().mapToLong(c -> c.sealed().length).sum();
    long started = System.nanoTime();
    peers.asyncPeer(peer, STORE_DEADLINE_MILLIS + bytes / DEADLINE_BYTES_PER_MILLI).storeChunks(
        new ClientResponseObserver<StoreChunksRequest, StoreChunksResponse>() {
          private StoreChunksResponse response;

          @Override
          public void beforeStart(ClientCallStreamObserver<StoreChunksRequest> out) {
            Iterator<Outgoing> next = chunks.iterator();
            boolean[] first = {true};
            boolean[] closed = {false};
            out.setOnReadyHandler(() -> {
              while (out.isReady() && next.hasNext()) {
                StoreChunksRequest.Builder message = StoreChunksRequest.newBuilder();
                if (first[0]) {
                  message.setGrant(grant == null ? Grant.getDefaultInstance() : grant);
                  first[0] = false;
                }
                int size = 0;
                while (next.hasNext() && size < MESSAGE_BYTES) {
                  Outgoing chunk = next.next();
                  message.addChunks(ChunkData.newBuilder().setChunkId(chunk.id().hex())
                      .setData(ByteString.copyFrom(chunk.sealed())));
                  size += chunk.sealed().length;
                }
                out.onNext(message.build());
              }
              if (!next.hasNext() && !closed[0]) {
                closed[0] = true;
                out.onCompleted();
              }
            });
          }

          @Override
          public void onNext(StoreChunksResponse value) {
            response = value;
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            peers.linkMeter().record(bytes, System.nanoTime() - started);
            done.complete(response);
          }
        });
    return done;
  }

  /**
   * Brings one chunk up to its required replicas: the placement's other peers first (spares, with
   * their grants from the same response), then new placements.
   */
  private void complete(Outgoing chunk, Placement placement, Map<Long, Grant> grants, List<Long> confirmed) {
    int required = placement.getRequiredReplicas();
    Placement current = placement;
    Map<Long, Grant> currentGrants = grants;
    String lastError = "no peer offered";
    for (int round = 0; round < PLACEMENT_ROUNDS; round++) {
      for (PeerRef peer : current.getPeersList()) {
        if (confirmed.size() == required) {
          return;
        }
        if (confirmed.contains(peer.getDeviceId()) || failedPeers.contains(peer.getDeviceId())) {
          continue;
        }
        try {
          store(peer, chunk, current.getGrant().getBody().isEmpty()
              ? currentGrants.getOrDefault(peer.getDeviceId(), Grant.getDefaultInstance()) : current.getGrant());
          confirmed.add(peer.getDeviceId());
        } catch (StatusRuntimeException e) {
          lastError = fail(peer, "chunk " + chunk.id().shortId(), e);
        }
      }
      if (confirmed.size() == required) {
        return;
      }
      Set<Long> exclude = new HashSet<>(failedPeers);
      exclude.addAll(confirmed);
      PlaceChunksResponse again = repository.place(List.of(ChunkToPlace.newBuilder()
          .setChunkId(chunk.id().hex()).setStoredSizeBytes(chunk.sealed().length).build()), exclude);
      current = again.getPlacements(0);
      currentGrants = grants(again);
    }
    throw new UploadException(chunk.id(), required, confirmed.size(), lastError);
  }

  private void store(PeerRef peer, Outgoing chunk, Grant grant) {
    long started = System.nanoTime();
    peers.peer(peer, STORE_DEADLINE_MILLIS).storeChunk(StoreChunkRequest.newBuilder()
        .setChunkId(chunk.id().hex())
        .setGrant(grant)
        .setData(ByteString.copyFrom(chunk.sealed()))
        .build());
    peers.linkMeter().record(chunk.sealed().length, System.nanoTime() - started);
  }

  /** Remembers a peer as failed for this run; returns the error for the report. */
  private String fail(PeerRef peer, String what, Throwable error) {
    String status = error instanceof StatusRuntimeException s ? s.getStatus().toString() : String.valueOf(error);
    LOG.warning(() -> "event=store_failed what=\"" + what + "\" peer=" + peer.getDeviceId()
        + " address=" + peer.getAddress() + " status=" + status);
    failedPeers.add(peer.getDeviceId());
    return "peer " + peer.getDeviceId() + " at " + peer.getAddress() + ": " + status;
  }

  private static Map<Long, Grant> grants(PlaceChunksResponse placed) {
    Map<Long, Grant> grants = new HashMap<>();
    for (PeerGrant g : placed.getPeerGrantsList()) {
      grants.put(g.getDeviceId(), g.getGrant());
    }
    return grants;
  }

  /** Peers that failed during this run, by device id. */
  public Set<Long> failedPeers() {
    return Set.copyOf(failedPeers);
  }

  /** Not enough peers acknowledged a chunk. */
  public static final class UploadException extends RuntimeException {
    public UploadException(ChunkId id, int required, int confirmed, String lastError) {
      super("upload: chunk " + id.shortId() + " reached " + confirmed + " of " + required
          + " required peers; last error: " + lastError);
    }
  }
}
