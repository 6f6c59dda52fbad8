package org.peervault.agent.transfer;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.proto.v1.ChunkToPlace;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.Placement;
import org.peervault.proto.v1.StoreChunkRequest;

/**
 * Stores one sealed chunk on as many peers as its placement requires. A peer that fails is
 * remembered for the rest of the run and replaced by the placement's next spare; when the spares
 * run out the repository is asked for a new placement that excludes every failed peer. Each store
 * carries the STORE grant of the placement it came from. Thread-safe.
 */
public final class ChunkUploader {
  private static final Logger LOG = Logger.getLogger(ChunkUploader.class.getName());
  private static final long STORE_DEADLINE_MILLIS = 30_000;
  private static final int PLACEMENT_ROUNDS = 3;

  private final RepositoryClient repository;
  private final PeerChannels peers;
  private final Set<Long> failedPeers = ConcurrentHashMap.newKeySet();

  public ChunkUploader(RepositoryClient repository, PeerChannels peers) {
    this.repository = repository;
    this.peers = peers;
  }

  /**
   * Sends {@code sealed} to the peers of {@code placement} until {@code requiredReplicas} have
   * acknowledged it; returns their device ids.
   *
   * @throws UploadException when not enough peers took the chunk after every retry
   */
  public List<Long> upload(ChunkId id, byte[] sealed, Placement placement) {
    int required = placement.getRequiredReplicas();
    List<Long> confirmed = new ArrayList<>(required);
    Placement current = placement;
    String lastError = "no peer offered";
    for (int round = 0; round < PLACEMENT_ROUNDS; round++) {
      for (PeerRef peer : current.getPeersList()) {
        if (confirmed.size() == required) {
          return confirmed;
        }
        if (confirmed.contains(peer.getDeviceId()) || failedPeers.contains(peer.getDeviceId())) {
          continue;
        }
        try {
          store(peer, id, sealed, current.getGrant());
          confirmed.add(peer.getDeviceId());
        } catch (StatusRuntimeException e) {
          lastError = "peer " + peer.getDeviceId() + " at " + peer.getAddress() + ": " + e.getStatus();
          LOG.warning(() -> "event=store_failed chunk=" + id.shortId() + " peer=" + peer.getDeviceId()
              + " address=" + peer.getAddress() + " status=" + e.getStatus().getCode());
          failedPeers.add(peer.getDeviceId());
        }
      }
      if (confirmed.size() == required) {
        return confirmed;
      }
      Set<Long> exclude = new HashSet<>(failedPeers);
      exclude.addAll(confirmed);
      current = repository.place(
          List.of(ChunkToPlace.newBuilder().setChunkId(id.hex()).setStoredSizeBytes(sealed.length).build()),
          exclude).get(0);
    }
    throw new UploadException(id, required, confirmed.size(), lastError);
  }

  private void store(PeerRef peer, ChunkId id, byte[] sealed, Grant grant) {
    long started = System.nanoTime();
    peers.peer(peer, STORE_DEADLINE_MILLIS).storeChunk(StoreChunkRequest.newBuilder()
        .setChunkId(id.hex())
        .setGrant(grant)
        .setData(ByteString.copyFrom(sealed))
        .build());
    peers.linkMeter().record(sealed.length, System.nanoTime() - started);
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
