package org.peervault.agent.serve;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.store.PutResult;
import org.peervault.agent.store.QuotaExceededException;
import org.peervault.agent.store.StoreBatch;
import org.peervault.proto.v1.ChunkData;
import org.peervault.proto.v1.FetchChunksRequest;
import org.peervault.proto.v1.FetchChunksResponse;
import org.peervault.proto.v1.StoreChunksRequest;
import org.peervault.proto.v1.StoreChunksResponse;
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

  /**
   * Receives a stream of chunks: the grant of the first message is verified once, each chunk is
   * checked against it and staged in a {@link StoreBatch} as it arrives; at the end of the stream
   * the batch is committed (durable, then acknowledged). The first refused chunk fails the call and
   * drops everything the stream staged.
   */
  @Override
  public StreamObserver<StoreChunksRequest> storeChunks(StreamObserver<StoreChunksResponse> response) {
    Optional<Caller> caller = Caller.current();
    return new StreamObserver<>() {
      private final StoreBatch batch = store.batch();
      private GrantVerifier.Verified grant;
      private long chunks;
      private boolean failed;

      @Override
      public void onNext(StoreChunksRequest request) {
        if (failed) {
          return;
        }
        try {
          if (grant == null) {
            grant = verify(request.getGrant(), GrantAction.GRANT_ACTION_STORE, caller);
          }
          for (ChunkData chunk : request.getChunksList()) {
            ChunkId id = ChunkId.parse(chunk.getChunkId());
            grant.require(id.hex());
            batch.add(id, chunk.getData().toByteArray());
            chunks++;
          }
        } catch (RuntimeException e) {
          fail(e);
        }
      }

      @Override
      public void onError(Throwable t) {
        failed = true;
        batch.abort();
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        if (grant == null) {
          fail(new IllegalArgumentException("peer: the stream sent no chunk and no grant"));
          return;
        }
        try {
          List<ChunkId> present = batch.commit();
          LOG.fine(() -> "event=chunks_stored chunks=" + chunks + " already_present=" + present.size());
          response.onNext(StoreChunksResponse.newBuilder()
              .addAllAlreadyPresent(present.stream().map(ChunkId::hex).toList())
              .setStoredChunks(chunks - present.size())
              .setUsedBytes(store.usedBytes())
              .setQuotaBytes(store.quotaBytes())
              .build());
          response.onCompleted();
        } catch (RuntimeException e) {
          fail(e);
        }
      }

      private void fail(RuntimeException e) {
        failed = true;
        batch.abort();
        response.onError(status(e, "store").asRuntimeException());
      }
    };
  }

  /**
   * Sends the asked chunks one message each, as fast as the caller reads them (the stream's flow
   * control): a peer never holds more than a message or two of a fetch in memory.
   */
  @Override
  public void fetchChunks(FetchChunksRequest request, StreamObserver<FetchChunksResponse> response) {
    ServerCallStreamObserver<FetchChunksResponse> out = (ServerCallStreamObserver<FetchChunksResponse>) response;
    List<ChunkId> ids;
    GrantVerifier.Verified grant;
    try {
      grant = verify(request.getGrant(), GrantAction.GRANT_ACTION_FETCH, Caller.current());
      ids = request.getChunkIdsList().stream().map(ChunkId::parse).toList();
      ids.forEach(id -> grant.require(id.hex()));
    } catch (RuntimeException e) {
      response.onError(status(e, "fetch").asRuntimeException());
      return;
    }
    Iterator<ChunkId> next = ids.iterator();
    AtomicBoolean finished = new AtomicBoolean();
    Runnable drain = () -> {
      synchronized (next) {
        try {
          while (out.isReady() && next.hasNext() && !out.isCancelled()) {
            ChunkId id = next.next();
            Optional<byte[]> data = store.get(id);
            FetchChunksResponse.Builder chunk = FetchChunksResponse.newBuilder().setChunkId(id.hex());
            out.onNext(data.isPresent() ? chunk.setData(ByteString.copyFrom(data.get())).build()
                : chunk.setMissing(true).build());
          }
          if (!next.hasNext() && finished.compareAndSet(false, true)) {
            out.onCompleted();
          }
        } catch (RuntimeException e) {
          if (finished.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "event=fetch_error chunks=" + ids.size(), e);
            out.onError(Status.UNAVAILABLE.withDescription("peer could not read a chunk").asRuntimeException());
          }
        }
      }
    };
    out.setOnReadyHandler(drain);
    drain.run();
  }

  /** The caller's grant for {@code action}, verified once for a whole stream. */
  private GrantVerifier.Verified verify(Grant grant, GrantAction action, Optional<Caller> caller) {
    if (caller.isEmpty()) {
      throw new CallerMissingException();
    }
    try {
      return verifier.verify(grant, action, caller.get());
    } catch (GrantRefusedException e) {
      LOG.info(() -> "event=grant_refused device=" + caller.get().deviceId() + " reason=\"" + e.getMessage() + "\"");
      throw e;
    }
  }

  /** The status of a refusal, as the single-chunk calls map them. */
  private static Status status(RuntimeException e, String what) {
    if (e instanceof CallerMissingException) {
      return Status.UNAUTHENTICATED.withDescription("peer: no device certificate; call over mutual TLS");
    }
    if (e instanceof GrantRefusedException) {
      return Status.PERMISSION_DENIED.withDescription(e.getMessage());
    }
    if (e instanceof IllegalArgumentException || e instanceof ChunkIntegrityException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    }
    if (e instanceof QuotaExceededException) {
      return Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
    }
    LOG.log(Level.WARNING, "event=" + what + "_error", e);
    return Status.RESOURCE_EXHAUSTED.withDescription("peer could not " + what + " the chunks: " + e.getMessage());
  }

  private static final class CallerMissingException extends RuntimeException {
    CallerMissingException() {
      super(null, null, false, false);
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
