package org.peervault.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.peervault.agent.chunk.ChunkId;

/**
 * The on-disk layout of a {@link FileChunkStore}, version 2 (documented there). Owns the paths, the marker, the start-up scan and durable writes (write, fsync, atomic rename,
 * fsync the directory). Stateless apart from the root path; thread-safe.
 */
final class StoreLayout {

  static final String VERSION_FILE = "store.version";
  static final String VERSION_LINE = "peervault-chunk-store 2";
  /** Version 1 had no packs: it opens as is, and its marker is raised. */
  private static final String VERSION_1_LINE = "peervault-chunk-store 1";
  static final String CHUNKS_DIR = "chunks";
  static final String TEMP_PREFIX = ".tmp-";

  /** What the start-up scan found. */
  record Scan(long usedBytes, long chunkCount, int removedTempFiles, int foreignFiles) {}

  private static final int MAX_MARKER_BYTES = 256;

  private final Path root;
  private final Path chunksDir;

  StoreLayout(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.chunksDir = this.root.resolve(CHUNKS_DIR);
  }

  Path root() {
    return root;
  }

  Path chunkFile(ChunkId id) {
    return chunksDir.resolve(id.hex().substring(0, 2)).resolve(id.hex());
  }

  /**
   * Creates the store in a new or empty directory, or checks the marker of an existing one.
   *
   * @throws ChunkStoreException when the directory holds something else or another version
   */
  void createOrCheck() throws IOException {
    Files.createDirectories(root);
    Path marker = root.resolve(VERSION_FILE);
    if (Files.exists(marker)) {
      checkMarker(marker);
    } else {
      removeTempFiles(root);
      try (Stream<Path> entries = Files.list(root)) {
        if (entries.findAny().isPresent()) {
          throw new ChunkStoreException(null, root, "cannot create a chunk store in " + root
              + ": the directory is not empty and has no " + VERSION_FILE
              + "; choose an empty or new directory", null);
        }
      }
      writeDurably(root, marker, (VERSION_LINE + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    Files.createDirectories(chunksDir);
  }

  /** Deletes leftover temp files and sums the sizes of the chunk files. */
  Scan scan() throws IOException {
    long[] used = {0};
    long[] count = {0};
    int[] removed = {0};
    int[] foreign = {0};
    Files.walkFileTree(chunksDir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String name = file.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX)) {
          Files.deleteIfExists(file);
          removed[0]++;
        } else if (attrs.isRegularFile() && isChunkFile(file, name)) {
          used[0] += attrs.size();
          count[0]++;
        } else {
          foreign[0]++;
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return new Scan(used[0], count[0], removed[0], foreign[0]);
  }

  /**
   * Writes {@code bytes} to {@code target} so that a crash leaves either no file or the whole
   * file: a temp file in {@code dir} (same file system), fsync, atomic rename, fsync of the
   * directory. On failure the temp file is removed.
   */
  static void writeDurably(Path dir, Path target, byte[] bytes) throws IOException {
    Path temp = dir.resolve(TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    fsyncDirectory(dir);
  }

  /**
   * Makes a directory's entries (a rename, a new file) durable. Best effort: some platforms
   * (Windows) cannot open a directory for fsync; there the rename is as durable as the OS makes it.
   */
  static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not supported here; nothing more we can do.
    }
  }

  private boolean isChunkFile(Path file, String name) {
    if (name.length() != ChunkId.HEX_LENGTH || !name.matches("[0-9a-f]+")) {
      return false;
    }
    Path shard = file.getParent();
    return shard.getFileName().toString().equals(name.substring(0, 2))
        && chunksDir.equals(shard.getParent());
  }

  private void checkMarker(Path marker) throws IOException {
    long size = Files.size(marker);
    String found = size > MAX_MARKER_BYTES
        ? "a file of " + size + " bytes"
        : "\"" + new String(Files.readAllBytes(marker), StandardCharsets.US_ASCII).strip()
            .replaceAll("\\p{Cntrl}", "?") + "\"";
    if (found.equals("\"" + VERSION_1_LINE + "\"")) {
      writeDurably(root, marker, (VERSION_LINE + "\n").getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if (!found.equals("\"" + VERSION_LINE + "\"")) {
      throw new ChunkStoreException(null, marker, "cannot open chunk store " + root + ": "
          + marker + " holds " + found + " but this agent reads \"" + VERSION_LINE
          + "\"; run an agent that knows that store version, or choose another directory", null);
    }
  }

  private static void removeTempFiles(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (entry.getFileName().toString().startsWith(TEMP_PREFIX)) {
          Files.deleteIfExists(entry);
        }
      }
    }
  }
}
