package org.peervault.agent.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.scan.FileStamp;

class FileIndexTest {
  private static final IndexedFile FILE = new IndexedFile(new FileStamp(10, 1000, 2000, 42), List.of(
      new IndexedChunk(ChunkId.of(new byte[] {1}), ByteString.copyFrom(new byte[32]), 10)));

  @Test
  void entriesSurviveAReopen(@TempDir Path dir) {
    Path file = dir.resolve("tree/a.txt");
    try (FileIndex index = FileIndex.open(dir.resolve("index"))) {
      assertThat(index.persistent()).isTrue();
      index.put(file, FILE);
      index.commit();
    }
    try (FileIndex index = FileIndex.open(dir.resolve("index"))) {
      assertThat(index.get(file)).hasValue(FILE);
    }
  }

  @Test
  void aCorruptStoreIsDiscardedAndRebuiltNotFatal(@TempDir Path dir) throws Exception {
    Path indexDir = Files.createDirectories(dir.resolve("index"));
    Files.write(indexDir.resolve(FileIndex.FILE), new byte[] {'g', 'a', 'r', 'b', 'a', 'g', 'e', 0, 1, 2});
    try (FileIndex index = FileIndex.open(indexDir)) {
      assertThat(index.size()).isZero();
      index.put(dir.resolve("x"), FILE);
      index.commit();
    }
    try (FileIndex index = FileIndex.open(indexDir)) {
      assertThat(index.get(dir.resolve("x"))).hasValue(FILE);
    }
  }

  @Test
  void anotherFormatOrAMalformedEntryIsDropped(@TempDir Path dir) {
    Path indexDir = dir.resolve("index");
    try (FileIndex index = FileIndex.open(indexDir)) {
      index.put(dir.resolve("x"), FILE);
      index.commit();
    }
    MVStore raw = new MVStore.Builder().fileName(indexDir.resolve(FileIndex.FILE).toString()).open();
    raw.<String, byte[]>openMap("files").put(dir.resolve("bad").toString(), new byte[] {1, 2});
    raw.commit();
    raw.close();
    try (FileIndex index = FileIndex.open(indexDir)) {
      assertThat(index.get(dir.resolve("bad"))).isEmpty();
      assertThat(index.get(dir.resolve("x"))).hasValue(FILE);
    }
    raw = new MVStore.Builder().fileName(indexDir.resolve(FileIndex.FILE).toString()).open();
    raw.<String, Integer>openMap("meta").put("format", FileIndex.FORMAT + 1);
    raw.commit();
    raw.close();
    try (FileIndex index = FileIndex.open(indexDir)) {
      assertThat(index.size()).isZero();
    }
  }

  @Test
  void aStoreHeldByAnotherBackupLeavesThisRunAnInMemoryIndex(@TempDir Path dir) {
    try (FileIndex first = FileIndex.open(dir); FileIndex second = FileIndex.open(dir)) {
      assertThat(first.persistent()).isTrue();
      assertThat(second.persistent()).isFalse();
    }
  }

  @Test
  void pruneDropsWhatTheScanNoLongerSawUnderItsRoots(@TempDir Path dir) {
    try (FileIndex index = FileIndex.inMemory()) {
      Path root = dir.resolve("docs");
      index.put(root.resolve("kept"), FILE);
      index.put(root.resolve("gone"), FILE);
      index.put(dir.resolve("other/elsewhere"), FILE);
      assertThat(index.prune(List.of(root), Set.of(root.resolve("kept")))).isEqualTo(1);
      assertThat(index.get(root.resolve("gone"))).isEmpty();
      assertThat(index.get(dir.resolve("other/elsewhere"))).isPresent();
    }
  }
}
