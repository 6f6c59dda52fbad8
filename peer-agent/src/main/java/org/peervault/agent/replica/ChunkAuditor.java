package org.peervault.agent.replica;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.StorageProof;
import org.peervault.agent.store.ChunkStore;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskResult;

/**
 * Carries out AUDIT tasks: answers the task's nonce with SHA-256(nonce || the bytes the store
 * holds for the chunk) ({@link StorageProof}). The bytes are not checked against the id first:
 * the proof is over what is stored, and the repository judges it. A chunk not held is a FAILED
 * result saying so. Needs no key. Thread-safe.
 */
public final class ChunkAuditor implements TaskHandler {
  private final ChunkStore store;

  public ChunkAuditor(ChunkStore store) {
    this.store = store;
  }

  @Override
  public TaskResult run(PeerTask task) {
    ChunkId id;
    try {
      id = ChunkId.parse(task.getAudit().getChunkId());
    } catch (IllegalArgumentException e) {
      return TaskResults.failed(task, "audit: " + e.getMessage()).build();
    }
    if (task.getAudit().getNonce().isEmpty()) {
      return TaskResults.failed(task, "audit: chunk " + id.shortId() + ": the task has no nonce")
          .build();
    }
    Optional<byte[]> stored = store.get(id);
    if (stored.isEmpty()) {
      return TaskResults.failed(task, "audit: chunk " + id.shortId() + " is not held").build();
    }
    byte[] proof = StorageProof.digest(task.getAudit().getNonce().toByteArray(), stored.get());
    return TaskResults.done(task, "audit: chunk " + id.shortId() + " answered")
        .setProof(ByteString.copyFrom(proof))
        .setUsedBytes(store.usedBytes()).build();
  }
}
