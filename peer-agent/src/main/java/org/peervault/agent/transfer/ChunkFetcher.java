package org.peervault.agent.transfer;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;
import org.peervault.agent.seal.ChunkDecryptionException;
import org.peervault.agent.seal.Sealer;
import org.peervault.proto.v1.ChunkLocation;
import org.peervault.proto.v1.FetchChunkRequest;
import org.peervault.proto.v1.FetchChunksRequest;
import org.peervault.proto.v1.FetchChunksResponse;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.PeerRef;

/**
 * Fetches one chunk and opens it, trying its replicas one after another, starting from a replica
 * chosen by the caller so that parallel fetches spread over peers. A replica that is down, slow,
 * missing the chunk, or returns bytes whose hash or GCM tag does not verify is skipped; a peer found
 * unreachable is tried last for the rest of the run, so a dead peer costs one timeout, not one per
 * chunk. Each fetch carries the FETCH grant of the restore plan's chunk location. Thread-safe.
 */
public final class ChunkFetcher {
  private static final Logger LOG = Logger.getLogger(ChunkFetcher.class.getName());
  private static final long FETCH_DEADLINE_MILLIS = 30_000;
  /** A stream's deadline grows by a millisecond per this many bytes (a floor of 64 KB/s). */
  private static final long DEADLINE_BYTES_PER_MILLI = 64;

  private final PeerChannels peers;
  private final Sealer sealer;
  private final AtomicLong fetchedBytes = new AtomicLong();
  private final AtomicLong corruptReplicas = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final Set<Long> unreachable = ConcurrentHashMap.newKeySet();

  public ChunkFetcher(PeerChannels peers, Sealer sealer) {
    this.peers = peers;
    this.sealer = sealer;
  }

  /**
   * Returns the plaintext of {@code chunk}, read from its replicas starting at index {@code start}
   * (modulo their count).
   *
   * @throws FetchException when no replica returned a copy that verifies
   */
  public byte[] fetch(ChunkLocation chunk, int start) {
    return fetch(chunk, start, peer -> chunk.getGrant());
  }

  /**
   * Like {@link #fetch(ChunkLocation, int)}, presenting to each replica the grant {@code grantFor}
   * gives for its device id.
   */
  public byte[] fetch(ChunkLocation chunk, int start, Function<Long, Grant> grantFor) {
    ChunkId id = ChunkId.parse(chunk.getChunkId());
    List<PeerRef> replicas = order(chunk.getReplicasList(), start);
    StringBuilder errors = new StringBuilder();
    for (PeerRef peer : replicas) {
      try {
        long started = System.nanoTime();
        byte[] sealed = peers.peer(peer, FETCH_DEADLINE_MILLIS)
            .fetchChunk(FetchChunkRequest.newBuilder().setChunkId(id.hex())
                .setGrant(grantFor.apply(peer.getDeviceId())).build())
            .getData().toByteArray();
        peers.linkMeter().record(sealed.length, System.nanoTime() - started);
        byte[] plain = sealer.open(sealed, chunk.getKey().toByteArray(), id);
        fetchedBytes.addAndGet(sealed.length);
        unreachable.remove(peer.getDeviceId());
        return plain;
      } catch (StatusRuntimeException e) {
        failedAttempts.incrementAndGet();
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE
            || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
          unreachable.add(peer.getDeviceId());
        }
        note(errors, peer, e.getStatus().getCode().name());
        LOG.fine(() -> "event=fetch_failed chunk=" + id.shortId() + " peer=" + peer.getDeviceId()
            + " status=" + e.getStatus().getCode());
      } catch (ChunkIntegrityException | ChunkDecryptionException e) {
        corruptReplicas.incrementAndGet();
        note(errors, peer, "corrupt copy");
        LOG.warning(() -> "event=corrupt_replica chunk=" + id.shortId() + " peer=" + peer.getDeviceId()
            + " address=" + peer.getAddress());
      }
    }
    throw new FetchException(id, replicas.isEmpty() ? "no live replica is known" : errors.toString());
  }

  /**
   * Fetches {@code chunks} from one peer in one stream, presenting {@code grant}, and opens each as
   * it arrives. Every chunk ends in exactly one call of {@code opened} (with its plaintext) or of
   * {@code failed} with the reason (NOT_FOUND: the peer lacks it; DATA_LOSS: its copy does not
   * verify; else the status the stream broke with), made on the stream's threads. Returns at once.
   */
  public void fetchFrom(PeerRef peer, Grant grant, List<ChunkLocation> chunks,
      BiConsumer<ChunkLocation, byte[]> opened, BiConsumer<ChunkLocation, Status> failed) {
    Map<String, ChunkLocation> pending = new ConcurrentHashMap<>();
    long bytes = 0;
    for (ChunkLocation chunk : chunks) {
      pending.put(chunk.getChunkId(), chunk);
      bytes += chunk.getStoredSizeBytes();
    }
    long started = System.nanoTime();
    long total = bytes;
    peers.asyncPeer(peer, FETCH_DEADLINE_MILLIS + bytes / DEADLINE_BYTES_PER_MILLI).fetchChunks(
        FetchChunksRequest.newBuilder().setGrant(grant)
            .addAllChunkIds(chunks.stream().map(ChunkLocation::getChunkId).toList()).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(FetchChunksResponse response) {
            ChunkLocation chunk = pending.remove(response.getChunkId());
            if (chunk == null) {
              return;
            }
            if (response.getMissing()) {
              failedAttempts.incrementAndGet();
              failed.accept(chunk, Status.NOT_FOUND);
              return;
            }
            byte[] plain;
            try {
              plain = sealer.open(response.getData().toByteArray(), chunk.getKey().toByteArray(),
                  ChunkId.parse(chunk.getChunkId()));
            } catch (ChunkIntegrityException | ChunkDecryptionException e) {
              corruptReplicas.incrementAndGet();
              LOG.warning(() -> "event=corrupt_replica chunk=" + chunk.getChunkId().substring(0, 12) + " peer="
                  + peer.getDeviceId() + " address=" + peer.getAddress());
              failed.accept(chunk, Status.DATA_LOSS);
              return;
            }
            fetchedBytes.addAndGet(response.getData().size());
            opened.accept(chunk, plain);
          }

          @Override
          public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            if (status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
              unreachable.add(peer.getDeviceId());
            }
            LOG.fine(() -> "event=fetch_stream_failed peer=" + peer.getDeviceId() + " status=" + status.getCode()
                + " chunks_left=" + pending.size());
            failedAttempts.incrementAndGet();
            finish(status);
          }

          @Override
          public void onCompleted() {
            peers.linkMeter().record(total, System.nanoTime() - started);
            finish(Status.NOT_FOUND.withDescription("the peer ended the stream without it"));
          }

          private void finish(Status status) {
            for (String id : List.copyOf(pending.keySet())) {
              ChunkLocation chunk = pending.remove(id);
              if (chunk != null) {
                failed.accept(chunk, status);
              }
            }
          }
        });
  }

  /** Whether a peer was found unreachable in this run (it is then asked last). */
  public boolean unreachable(long deviceId) {
    return unreachable.contains(deviceId);
  }

  /**
   * The replicas rotated to start at {@code start}, with peers that were unreachable earlier in
   * this run moved to the end: they are still tried, but only when the others fail.
   */
  private List<PeerRef> order(List<PeerRef> replicas, int start) {
    List<PeerRef> first = new ArrayList<>(replicas.size());
    List<PeerRef> last = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      PeerRef peer = replicas.get(Math.floorMod(start + i, replicas.size()));
      (unreachable.contains(peer.getDeviceId()) ? last : first).add(peer);
    }
    first.addAll(last);
    return first;
  }

  private static void note(StringBuilder errors, PeerRef peer, String what) {
    if (errors.length() > 0) {
      errors.append("; ");
    }
    errors.append("peer ").append(peer.getDeviceId()).append(": ").append(what);
  }

  /** Sealed bytes received from peers, over the fetcher's life. */
  public long fetchedBytes() {
    return fetchedBytes.get();
  }

  /** Replicas whose copy failed verification (wrong hash or tag). */
  public long corruptReplicas() {
    return corruptReplicas.get();
  }

  /** Attempts that failed on the transport (down, timeout, not found). */
  public long failedAttempts() {
    return failedAttempts.get();
  }

  /** No replica of a chunk could be read. */
  public static final class FetchException extends RuntimeException {
    private final ChunkId id;

    public FetchException(ChunkId id, String detail) {
      super("restore: chunk " + id.shortId() + " could not be read from any replica (" + detail + ")");
      this.id = id;
    }

    public ChunkId chunkId() {
      return id;
    }
  }
}
