package org.peervault.agent.serve;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.store.PutResult;
import org.peervault.agent.store.QuotaExceededException;
import com.google.protobuf.ByteString;
import org.peervault.proto.v1.FetchChunkRequest;
import org.peervault.proto.v1.FetchChunkResponse;
import org.peervault.proto.v1.PeerGrpc;
import org.peervault.proto.v1.StoreChunkRequest;
import org.peervault.proto.v1.StoreChunkResponse;

/**
 * The {@code Peer} gRPC service over a {@link ChunkStore}: checks ids, lets the store verify the
 * ciphertext hash and the quota, and maps refusals to statuses (INVALID_ARGUMENT for a malformed id
 * or a hash mismatch, RESOURCE_EXHAUSTED for a full quota or disk, NOT_FOUND for a missing chunk).
 */
public final class PeerChunkService extends PeerGrpc.PeerImplBase {
  private static final Logger LOG = Logger.getLogger(PeerChunkService.class.getName());

  private final ChunkStore store;

  public PeerChunkService(ChunkStore store) {
    this.store = store;
  }

  @Override
  public void storeChunk(StoreChunkRequest request, StreamObserver<StoreChunkResponse> response) {
    try {
      ChunkId id = parse(request.getChunkId());
      PutResult result = store.put(id, request.getData().toByteArray());
      LOG.fine(() -> "event=chunk_stored chunk=" + id.shortId() + " bytes=" + request.getData().size()
          + " already_present=" + result.alreadyPresent());
      response.onNext(StoreChunkResponse.newBuilder()
          .setAlreadyPresent(result.alreadyPresent())
          .setUsedBytes(result.usedBytes())
          .setQuotaBytes(store.quotaBytes())
          .build());
      response.onCompleted();
    } catch (IllegalArgumentException | ChunkIntegrityException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (QuotaExceededException e) {
      response.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=store_error chunk=" + request.getChunkId(), e);
      response.onError(Status.RESOURCE_EXHAUSTED
          .withDescription("peer could not store the chunk: " + e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void fetchChunk(FetchChunkRequest request, StreamObserver<FetchChunkResponse> response) {
    try {
      ChunkId id = parse(request.getChunkId());
      Optional<byte[]> data = store.get(id);
      if (data.isEmpty()) {
        response.onError(Status.NOT_FOUND
            .withDescription("chunk " + id.shortId() + " is not held by this peer").asRuntimeException());
        return;
      }
      response.onNext(FetchChunkResponse.newBuilder().setData(ByteString.copyFrom(data.get())).build());
      response.onCompleted();
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=fetch_error chunk=" + request.getChunkId(), e);
      response.onError(Status.UNAVAILABLE.withDescription("peer could not read the chunk").asRuntimeException());
    }
  }

  private static ChunkId parse(String hex) {
    return ChunkId.parse(hex);
  }
}
