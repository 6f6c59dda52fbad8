package org.peervault.agent.backup;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkerParams;
import org.peervault.agent.scan.Entry;
import org.peervault.agent.scan.EntryKind;
import org.peervault.agent.scan.TreeWalker;

/**
 * Reads a sparse file of 4 GiB and a bit through the backup's reader; run by a test in a child JVM
 * with a small heap, so running out of memory fails the test.
 */
public final class BigFileMain {
  static final long SIZE = (4L << 30) + 12345;

  private BigFileMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Files.createDirectories(Path.of(args[0], "big"));
    try (RandomAccessFile raf = new RandomAccessFile(root.resolve("sparse.img").toFile(), "rw")) {
      raf.setLength(SIZE);
      raf.seek(SIZE - 5);
      raf.write(new byte[] {1, 2, 3, 4, 5});
    }
    Entry entry = TreeWalker.scan(List.of(root)).entries().stream()
        .filter(e -> e.kind() == EntryKind.REGULAR).findFirst().orElseThrow();
    SourceReader reader = new SourceReader(Backup.SourceOpener.class.cast(
        (Backup.SourceOpener) file -> Files.newInputStream(file)), ChunkerParams.defaults(),
        (hash, plain) -> CompletableFuture.completedFuture(ChunkId.of(hash.toByteArray())), bytes -> { });
    PendingFile file = reader.read(entry);
    System.out.println("read " + file.sizeBytes() + " bytes in " + file.parts().size() + " chunks");
    Files.delete(root.resolve("sparse.img"));
  }
}
