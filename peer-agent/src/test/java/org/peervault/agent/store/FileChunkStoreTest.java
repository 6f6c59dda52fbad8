package org.peervault.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        .isEqualTo("peervault-chunk-store 2\n");
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
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).filter(p -> !p.endsWith("store.version"))).isEmpty();
    }
  }

  @Test
  void anAbortedBatchRemovesItsTempFiles() throws IOException {
    FileChunkStore store = FileChunkStore.open(dir, 10_000);
    byte[] a = bytes(61, 700);
    try (StoreBatch batch = store.batch()) {
      batch.add(ChunkId.of(a), a);
    }

    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).filter(p -> !p.endsWith("store.version"))).isEmpty();
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
    Files.writeString(dir.resolve("store.version"), "peervault-chunk-store 3\n");

    assertThatThrownBy(() -> FileChunkStore.open(dir, 1000))
        .isInstanceOfSatisfying(ChunkStoreException.class,
            e -> assertThat(e.path()).isEqualTo(dir.resolve("store.version")))
        .hasMessageContaining("holds \"peervault-chunk-store 3\"")
        .hasMessageContaining("this agent reads \"peervault-chunk-store 2\"");
  }

  @Test
  void aVersion1StoreOpensWithItsChunksAndIsMarkedVersion2() throws IOException {
    byte[] kept = bytes(70, 900);
    FileChunkStore.open(dir, 10_000).put(ChunkId.of(kept), kept);
    Files.writeString(dir.resolve("store.version"), "peervault-chunk-store 1\n");

    FileChunkStore reopened = FileChunkStore.open(dir, 10_000);

    assertThat(reopened.get(ChunkId.of(kept))).hasValueSatisfying(b -> assertThat(b).isEqualTo(kept));
    assertThat(Files.readString(dir.resolve("store.version"))).isEqualTo("peervault-chunk-store 2\n");
  }

  @Test
  void aBatchIsOnePackThatSurvivesAReopen() throws IOException {
    FileChunkStore store = FileChunkStore.open(dir, 100_000);
    List<byte[]> chunks = List.of(bytes(71, 1000), bytes(72, 2000), bytes(73, 3000));
    try (StoreBatch batch = store.batch()) {
      chunks.forEach(c -> batch.add(ChunkId.of(c), c));
      batch.commit();
    }
    try (var files = Files.list(dir.resolve("packs"))) {
      assertThat(files.map(p -> p.getFileName().toString())).singleElement().asString().endsWith(".pack");
    }

    FileChunkStore reopened = FileChunkStore.open(dir, 100_000);

    assertThat(reopened.usedBytes()).isEqualTo(6000);
    for (byte[] c : chunks) {
      assertThat(reopened.get(ChunkId.of(c))).hasValueSatisfying(b -> assertThat(b).isEqualTo(c));
      assertThat(reopened.put(ChunkId.of(c), c).alreadyPresent()).isTrue();
    }
  }

  @Test
  void deletingMostOfAPackMovesTheRestAndDeletingAllRemovesIt() throws IOException {
    FileChunkStore store = FileChunkStore.open(dir, 100_000);
    List<byte[]> chunks = List.of(bytes(74, 1000), bytes(75, 1000), bytes(76, 1000), bytes(77, 1000));
    try (StoreBatch batch = store.batch()) {
      chunks.forEach(c -> batch.add(ChunkId.of(c), c));
      batch.commit();
    }

    assertThat(store.delete(ChunkId.of(chunks.get(0)))).hasValue(1000);
    assertThat(store.delete(ChunkId.of(chunks.get(1)))).hasValue(1000);
    assertThat(store.delete(ChunkId.of(chunks.get(2)))).hasValue(1000);

    assertThat(store.contains(ChunkId.of(chunks.get(0)))).isFalse();
    assertThat(store.get(ChunkId.of(chunks.get(3)))).hasValueSatisfying(b -> assertThat(b).isEqualTo(chunks.get(3)));
    try (var files = Files.list(dir.resolve("packs"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".pack"))).as("compacted into one small pack")
          .singleElement().satisfies(p -> assertThat(Files.size(p)).isLessThan(1100));
    }
    FileChunkStore reopened = FileChunkStore.open(dir, 100_000);
    assertThat(reopened.usedBytes()).isEqualTo(1000);
    assertThat(reopened.contains(ChunkId.of(chunks.get(1)))).isFalse();

    assertThat(reopened.delete(ChunkId.of(chunks.get(3)))).hasValue(1000);
    try (var files = Files.list(dir.resolve("packs"))) {
      assertThat(files).isEmpty();
    }
    assertThat(FileChunkStore.open(dir, 100_000).usedBytes()).isZero();
  }

  @Test
  void aChunkAlreadyHeldIsNotChargedTwiceWhenABatchBringsItAgain() {
    FileChunkStore store = FileChunkStore.open(dir, 100_000);
    byte[] a = bytes(78, 1000);
    byte[] b = bytes(79, 500);
    store.put(ChunkId.of(a), a);

    try (StoreBatch batch = store.batch()) {
      batch.add(ChunkId.of(a), a);
      batch.add(ChunkId.of(b), b);
      assertThat(batch.commit()).containsExactly(ChunkId.of(a));
    }

    assertThat(store.usedBytes()).isEqualTo(1500);
    assertThat(store.delete(ChunkId.of(a))).hasValue(1000);
    assertThat(store.contains(ChunkId.of(a))).isFalse();
    assertThat(FileChunkStore.open(dir, 100_000).usedBytes()).isEqualTo(500);
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
