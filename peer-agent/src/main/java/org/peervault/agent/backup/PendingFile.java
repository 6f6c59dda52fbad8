package org.peervault.agent.backup;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.index.IndexedChunk;
import org.peervault.agent.index.IndexedFile;
import org.peervault.agent.scan.Entry;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;

/** A scanned entry with its content resolved to chunks (ids known once uploads finish). */
record PendingFile(Entry entry, long sizeBytes, List<Part> parts) {

  /** One chunk of the content: its id to come, plaintext hash and size. */
  record Part(CompletableFuture<ChunkId> id, ByteString plainHash, int plainSize) {}

  /** A directory or link: no content. */
  static PendingFile of(Entry entry) {
    return new PendingFile(entry, entry.sizeBytes(), List.of());
  }

  /** A file the index says is unchanged, with its verified chunks. */
  static PendingFile reused(Entry entry, IndexedFile indexed) {
    return new PendingFile(entry, entry.sizeBytes(), indexed.chunks().stream()
        .map(c -> new Part(CompletableFuture.completedFuture(c.id()), c.plainHash(), c.plainSizeBytes()))
        .toList());
  }

  FileVersion toVersion() {
    FileVersion.Builder version = FileVersion.newBuilder()
        .setPath(entry.snapshotPath())
        .setKind(switch (entry.kind()) {
          case REGULAR -> FileKind.FILE_KIND_REGULAR;
          case DIRECTORY -> FileKind.FILE_KIND_DIRECTORY;
          case SYMLINK -> FileKind.FILE_KIND_SYMLINK;
        })
        .setSizeBytes(sizeBytes)
        .setMode(entry.mode())
        .setMtimeMillis(entry.mtimeMillis())
        .setLinkTarget(entry.linkTarget());
    for (Part part : parts) {
      version.addChunks(ChunkRef.newBuilder().setChunkId(part.id().join().hex()).setPlainSizeBytes(part.plainSize())
          .setPlainHash(part.plainHash()));
    }
    return version.build();
  }

  /** What the index keeps of this file once its chunks are stored. */
  IndexedFile toIndexed() {
    return new IndexedFile(entry.stamp(), parts.stream()
        .map(p -> new IndexedChunk(p.id().join(), p.plainHash(), p.plainSize())).toList());
  }
}
