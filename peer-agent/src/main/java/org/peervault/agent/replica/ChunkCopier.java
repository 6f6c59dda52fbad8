package org.peervault.agent.replica;

import io.grpc.StatusRuntimeException;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.store.PutResult;
import org.peervault.agent.store.QuotaExceededException;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.proto.v1.CopyChunk;
import org.peervault.proto.v1.FetchChunkRequest;
import org.peervault.proto.v1.PeerRef;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskResult;

/**
 * Carries out COPY tasks: fetches the chunk from its sources in order, with the task's FETCH
 * grant, over mutual TLS; stores the first copy whose SHA-256 is the chunk id (the store checks
 * it, and refuses anything else); skips a source that is down, refuses the grant, lacks the chunk
 * or returns bytes that fail the hash. A full quota fails the task at once. Thread-safe.
 */
public final class ChunkCopier implements TaskHandler {
  private static final Logger LOG = Logger.getLogger(ChunkCopier.class.getName());
  private static final long FETCH_DEADLINE_MILLIS = 60_000;

  private final ChunkStore store;
  private final PeerChannels peers;

  public ChunkCopier(ChunkStore store, PeerChannels peers) {
    this.store = store;
    this.peers = peers;
  }

  @Override
  public TaskResult run(PeerTask task) {
    CopyChunk copy = task.getCopy();
    ChunkId id;
    try {
      id = ChunkId.parse(copy.getChunkId());
    } catch (IllegalArgumentException e) {
      return TaskResults.failed(task, "copy: " + e.getMessage()).build();
    }
    if (store.contains(id)) {
      return result(TaskResults.done(task, "copy: chunk " + id.shortId() + " already held"));
    }
    StringBuilder errors = new StringBuilder();
    for (PeerRef source : copy.getSourcesList()) {
      try {
        byte[] sealed = peers.peer(source, FETCH_DEADLINE_MILLIS).fetchChunk(FetchChunkRequest
            .newBuilder().setChunkId(id.hex()).setGrant(copy.getGrant()).build()).getData().toByteArray();
        PutResult put = store.put(id, sealed);
        LOG.fine(() -> "event=chunk_copied chunk=" + id.shortId() + " from=" + source.getDeviceId()
            + " bytes=" + sealed.length + " already_present=" + put.alreadyPresent());
        return result(TaskResults.done(task, "copy: chunk " + id.shortId() + " stored, "
            + sealed.length + " bytes from peer " + source.getDeviceId()));
      } catch (StatusRuntimeException e) {
        note(errors, source, e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
            : " (" + e.getStatus().getDescription() + ")"));
      } catch (ChunkIntegrityException e) {
        note(errors, source, "bytes fail the hash");
        LOG.warning(() -> "event=corrupt_copy_source chunk=" + id.shortId() + " peer=" + source.getDeviceId());
      } catch (QuotaExceededException e) {
        return result(TaskResults.failed(task, "copy: chunk " + id.shortId() + " does not fit: "
            + e.getMessage()));
      }
    }
    return result(TaskResults.failed(task, "copy: chunk " + id.shortId() + " not stored: "
        + (errors.length() == 0 ? "the task names no source" : errors)));
  }

  private TaskResult result(TaskResult.Builder b) {
    return b.setUsedBytes(store.usedBytes()).build();
  }

  private static void note(StringBuilder errors, PeerRef source, String what) {
    if (errors.length() > 0) {
      errors.append("; ");
    }
    errors.append("peer ").append(source.getDeviceId()).append(": ").append(what);
  }
}
