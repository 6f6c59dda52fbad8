package org.peervault.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peervault.agent.chunk.ChunkId;

class FileChunkStoreTest extends ChunkStoreContract {

  @TempDir
  Path dir;

  private int stores;

  @Override
  protected ChunkStore newStore(long quotaBytes) {
    return FileChunkStore.open(dir.resolve("store-" + stores++), quotaBytes);
  }

  @Test
  void firstOpenWritesTheVersionMarker() throws IOException {
    Path root = dir.resolve("new/store");

    FileChunkStore.open(root, 1000);

    assertThat(Files.readString(root.resolve("store.version"), StandardCharsets.US_ASCII))
        .isEqualTo("peervault-chunk-store 1\n");
    assertThat(root.resolve("chunks")).isDirectory();
  }

  @Test
  void chunksAreShardedByTheirFirstTwoHexCharacters() {
    FileChunkStore store = FileChunkStore.open(dir, 10_000);
    byte[] sealed = bytes(1, 100);
    ChunkId id = ChunkId.of(sealed);

    store.put(id, sealed);

    assertThat(dir.resolve("chunks").resolve(id.hex().substring(0, 2)).resolve(id.hex()))
        .isRegularFile()
        .hasBinaryContent(sealed);
  }

  @Test
  void reopenRecomputesUsedBytes() {
    FileChunkStore store = FileChunkStore.open(dir, 10_000);
    byte[] kept = bytes(2, 1500);
    byte[] deleted = bytes(3, 700);
    store.put(ChunkId.of(kept), kept);
    store.put(ChunkId.of(deleted), deleted);
    store.delete(ChunkId.of(deleted));

    FileChunkStore reopened = FileChunkStore.open(dir, 5000);

    assertThat(reopened.usedBytes()).isEqualTo(1500);
    assertThat(reopened.quotaBytes()).isEqualTo(5000);
    assertThat(reopened.get(ChunkId.of(kept)))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(kept));
    assertThat(reopened.put(ChunkId.of(kept), kept).alreadyPresent()).isTrue();
  }

  @Test
  void aBatchCutShortLeavesOnlyTempFilesThatTheNextOpenRemoves() throws IOException {
    FileChunkStore store = FileChunkStore.open(dir, 10_000);
    byte[] a = bytes(60, 700);
    StoreBatch batch = store.batch();
    batch.add(ChunkId.of(a), a);
    // the process dies here: no commit, no abort

    FileChunkStore reopened = FileChunkStore.open(dir, 10_000);

    assertThat(reopened.contains(ChunkId.of(a))).isFalse();
    assertThat(reopened.usedBytes()).isZero();
    try (var files = Files.walk(dir.resolve("chunks"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void anAbortedBatchRemovesItsTempFiles() throws IOException {
    FileChunkStore store = FileChunkStore.open(dir, 10_000);
    byte[] a = bytes(61, 700);
    try (StoreBatch batch = store.batch()) {
      batch.add(ChunkId.of(a), a);
    }

    try (var files = Files.walk(dir.resolve("chunks"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void leftoverTempFilesAreRemovedOnOpen() throws IOException {
    FileChunkStore.open(dir, 10_000);
    Path shard = Files.createDirectories(dir.resolve("chunks/ab"));
    Path leftover = Files.write(shard.resolve(".tmp-1f2e3d"), new byte[900]);

    FileChunkStore reopened = FileChunkStore.open(dir, 10_000);

    assertThat(leftover).doesNotExist();
    assertThat(reopened.usedBytes()).isZero();
  }

  @Test
  void storeOfAnotherVersionIsRefused() throws IOException {
    Files.writeString(dir.resolve("store.version"), "peervault-chunk-store 2\n");

    assertThatThrownBy(() -> FileChunkStore.open(dir, 1000))
        .isInstanceOfSatisfying(ChunkStoreException.class,
            e -> assertThat(e.path()).isEqualTo(dir.resolve("store.version")))
        .hasMessageContaining("holds \"peervault-chunk-store 2\"")
        .hasMessageContaining("this agent reads \"peervault-chunk-store 1\"");
  }

  @Test
  void nonEmptyDirectoryWithoutMarkerIsRefused() throws IOException {
    Files.writeString(dir.resolve("thesis.docx"), "not a chunk");

    assertThatThrownBy(() -> FileChunkStore.open(dir, 1000))
        .isInstanceOf(ChunkStoreException.class)
        .hasMessageContaining("not empty and has no store.version");
    assertThat(dir.resolve("store.version")).doesNotExist();
  }

  @Test
  void failedWriteReleasesTheReservationAndLeavesNoTempFile() throws IOException {
    FileChunkStore store = FileChunkStore.open(dir, 10_000);
    byte[] sealed = bytes(4, 800);
    ChunkId id = ChunkId.of(sealed);
    // A file where the shard directory should be makes the write fail with an IOException.
    Files.write(dir.resolve("chunks").resolve(id.hex().substring(0, 2)), new byte[1]);

    assertThatThrownBy(() -> store.put(id, sealed))
        .isInstanceOfSatisfying(ChunkStoreException.class,
            e -> assertThat(e.chunkId()).contains(id))
        .hasMessageContaining("writing chunk " + id.shortId())
        .hasMessageContaining("nothing was stored");

    assertThat(store.usedBytes()).isZero();
    assertThat(store.contains(id)).isFalse();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
    }
  }
}
