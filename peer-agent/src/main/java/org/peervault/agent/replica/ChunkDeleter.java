package org.peervault.agent.replica;

import java.util.OptionalLong;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.store.ChunkStore;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskResult;

/** Carries out DELETE tasks: removes the chunk from the local store (done even when it was not
 * held) and reports the bytes freed. Thread-safe. */
public final class ChunkDeleter implements TaskHandler {
  private final ChunkStore store;

  public ChunkDeleter(ChunkStore store) {
    this.store = store;
  }

  @Override
  public TaskResult run(PeerTask task) {
    ChunkId id;
    try {
      id = ChunkId.parse(task.getDelete().getChunkId());
    } catch (IllegalArgumentException e) {
      return TaskResults.failed(task, "delete: " + e.getMessage()).build();
    }
    OptionalLong freed = store.delete(id);
    return TaskResults.done(task, freed.isPresent()
            ? "delete: chunk " + id.shortId() + " deleted, " + freed.getAsLong() + " bytes freed"
            : "delete: chunk " + id.shortId() + " was not held")
        .setFreedBytes(freed.orElse(0)).setUsedBytes(store.usedBytes()).build();
  }
}
