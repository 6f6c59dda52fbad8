package org.peervault.agent.serve;

import com.google.protobuf.ByteString;
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
import org.peervault.proto.v1.DeleteChunkRequest;
import org.peervault.proto.v1.DeleteChunkResponse;
import org.peervault.proto.v1.FetchChunkRequest;
import org.peervault.proto.v1.FetchChunkResponse;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.PeerGrpc;
import org.peervault.proto.v1.StoreChunkRequest;
import org.peervault.proto.v1.StoreChunkResponse;

/**
 * The {@code Peer} gRPC service over a {@link ChunkStore}: checks ids, then the caller's grant with
 * a {@link GrantVerifier} before the store is touched, lets the store verify the ciphertext hash and
 * the quota, and maps refusals to statuses (INVALID_ARGUMENT for a malformed id or a hash mismatch,
 * UNAUTHENTICATED without a caller certificate, PERMISSION_DENIED for a refused grant or caller,
 * RESOURCE_EXHAUSTED for a full quota or disk, NOT_FOUND for a missing chunk).
 */
public final class PeerChunkService extends PeerGrpc.PeerImplBase {
  private static final Logger LOG = Logger.getLogger(PeerChunkService.class.getName());

  private final ChunkStore store;
  private final GrantVerifier verifier;

  /** A service that checks every call's grant with {@code verifier}. */
  public PeerChunkService(ChunkStore store, GrantVerifier verifier) {
    this.store = store;
    this.verifier = verifier;
  }

  @Override
  public void storeChunk(StoreChunkRequest request, StreamObserver<StoreChunkResponse> response) {
    try {
      ChunkId id = ChunkId.parse(request.getChunkId());
      if (!authorized(request.getGrant(), GrantAction.GRANT_ACTION_STORE, id, response)) {
        return;
      }
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
      ChunkId id = ChunkId.parse(request.getChunkId());
      if (!authorized(request.getGrant(), GrantAction.GRANT_ACTION_FETCH, id, response)) {
        return;
      }
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

  @Override
  public void deleteChunk(DeleteChunkRequest request, StreamObserver<DeleteChunkResponse> response) {
    try {
      ChunkId id = ChunkId.parse(request.getChunkId());
      if (!authorized(request.getGrant(), GrantAction.GRANT_ACTION_DELETE, id, response)) {
        return;
      }
      boolean deleted = store.delete(id).isPresent();
      LOG.fine(() -> "event=chunk_deleted chunk=" + id.shortId() + " deleted=" + deleted);
      response.onNext(DeleteChunkResponse.newBuilder().setDeleted(deleted).setUsedBytes(store.usedBytes()).build());
      response.onCompleted();
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=delete_error chunk=" + request.getChunkId(), e);
      response.onError(Status.UNAVAILABLE.withDescription("peer could not delete the chunk").asRuntimeException());
    }
  }

  /** Whether the call may go on; if not, the refusal has been sent. */
  private boolean authorized(Grant grant, GrantAction action, ChunkId id, StreamObserver<?> response) {
    Optional<Caller> caller = Caller.current();
    if (caller.isEmpty()) {
      response.onError(Status.UNAUTHENTICATED
          .withDescription("peer: no device certificate; call over mutual TLS").asRuntimeException());
      return false;
    }
    try {
      verifier.check(grant, action, id.hex(), caller.get());
      return true;
    } catch (GrantRefusedException e) {
      LOG.info(() -> "event=grant_refused chunk=" + id.shortId() + " device=" + caller.get().deviceId()
          + " reason=\"" + e.getMessage() + "\"");
      response.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
      return false;
    }
  }
}
