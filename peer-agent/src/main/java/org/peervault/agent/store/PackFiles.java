package org.peervault.agent.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.peervault.agent.chunk.ChunkId;

/**
 * The packs of a {@link FileChunkStore}: the chunks of one received batch stored together in one
 * file, so a batch costs one file and one sync instead of one of each per chunk.
 * <pre>{@code
 * <root>/packs/<16 hex>.pack    records [32-byte chunk id][4-byte big-endian length][sealed bytes]
 * <root>/packs/<16 hex>.dead    32-byte ids of the pack's chunks deleted since (appended, synced)
 * <root>/packs/.tmp-<random>    a pack being written; deleted on open
 * }</pre>
 * A pack is written to a temp file, synced, and renamed into place whole, then its directory is
 * synced. A chunk deleted from a pack is listed in the pack's dead list; when every chunk of a pack
 * is dead the pack goes; when more than half of its bytes are dead, its live chunks move to a new
 * pack first. The index (chunk id to pack, offset and length) lives in memory and is rebuilt from
 * the packs and dead lists at open. Callers serialize puts and deletes of one chunk; thread-safe
 * otherwise.
 */
final class PackFiles {
  private static final System.Logger LOG = System.getLogger(PackFiles.class.getName());
  static final String PACKS_DIR = "packs";
  private static final String PACK_SUFFIX = ".pack";
  private static final String DEAD_SUFFIX = ".dead";
  private static final int ID_BYTES = 32;
  private static final int HEADER_BYTES = ID_BYTES + 4;

  /** Where a packed chunk lies. */
  record Location(Pack pack, long offset, int length) {}

  /** One pack file and how much of it is still live. */
  static final class Pack {
    final Path path;
    final long totalBytes;
    long liveBytes;
    int liveChunks;

    Pack(Path path, long totalBytes) {
      this.path = path;
      this.totalBytes = totalBytes;
    }

    Path deadList() {
      String name = path.getFileName().toString();
      return path.resolveSibling(name.substring(0, name.length() - PACK_SUFFIX.length()) + DEAD_SUFFIX);
    }
  }

  /** What opening found. */
  record Scan(long liveBytes, long liveChunks, int packs, int removedTempFiles) {}

  private final Path dir;
  private final Map<ChunkId, Location> index = new ConcurrentHashMap<>();

  PackFiles(Path root) {
    this.dir = root.resolve(PACKS_DIR);
  }

  /** Creates the directory, removes temp files and reads every pack's records and dead list. */
  Scan open() throws IOException {
    Files.createDirectories(dir);
    int removed = 0;
    int packs = 0;
    List<Path> deadLists = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(StoreLayout.TEMP_PREFIX)) {
          Files.deleteIfExists(entry);
          removed++;
        } else if (name.endsWith(PACK_SUFFIX)) {
          read(entry);
          packs++;
        } else if (name.endsWith(DEAD_SUFFIX)) {
          deadLists.add(entry);
        }
      }
    }
    Map<Path, Pack> byPath = new HashMap<>();
    index.values().forEach(l -> byPath.put(l.pack().path, l.pack()));
    for (Path deadList : deadLists) {
      String name = deadList.getFileName().toString();
      Path packPath = deadList.resolveSibling(name.substring(0, name.length() - DEAD_SUFFIX.length()) + PACK_SUFFIX);
      if (!byPath.containsKey(packPath) && !Files.exists(packPath)) {
        Files.deleteIfExists(deadList); // the pack went, its list was left behind
        continue;
      }
      byte[] ids = Files.readAllBytes(deadList);
      for (int at = 0; at + ID_BYTES <= ids.length; at += ID_BYTES) {
        ChunkId id = ChunkId.fromBytes(ids, at);
        Location location = index.get(id);
        if (location != null && location.pack().path.equals(packPath)) {
          index.remove(id);
          location.pack().liveBytes -= location.length();
          location.pack().liveChunks--;
        }
      }
    }
    long live = 0;
    for (Location l : index.values()) {
      live += l.length();
    }
    return new Scan(live, index.size(), packs, removed);
  }

  private void read(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      Pack pack = new Pack(path, size);
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      long at = 0;
      while (at + HEADER_BYTES <= size) {
        header.clear();
        while (header.hasRemaining() && channel.read(header, at + header.position()) >= 0) {
          // positional reads until the header is complete
        }
        int length = header.getInt(ID_BYTES);
        if (length < 0 || at + HEADER_BYTES + length > size) {
          LOG.log(Level.WARNING, () -> "chunk store: pack " + path + " ends in a damaged record; its rest is ignored");
          break;
        }
        ChunkId id = ChunkId.fromBytes(header.array(), 0);
        if (index.putIfAbsent(id, new Location(pack, at + HEADER_BYTES, length)) == null) {
          pack.liveBytes += length;
          pack.liveChunks++;
        }
        at += HEADER_BYTES + length;
      }
    }
  }

  /** Where {@code id} is packed, if it is. */
  Optional<Location> find(ChunkId id) {
    return Optional.ofNullable(index.get(id));
  }

  /** The sealed bytes of a packed chunk, or empty when it is not packed. */
  Optional<byte[]> read(ChunkId id) throws IOException {
    for (int attempt = 0; attempt < 2; attempt++) {
      Location location = index.get(id);
      if (location == null) {
        return Optional.empty();
      }
      try (FileChannel channel = FileChannel.open(location.pack().path, StandardOpenOption.READ)) {
        ByteBuffer bytes = ByteBuffer.allocate(location.length());
        while (bytes.hasRemaining()) {
          if (channel.read(bytes, location.offset() + bytes.position()) < 0) {
            throw new IOException("pack " + location.pack().path + " is shorter than its index says");
          }
        }
        return Optional.of(bytes.array());
      } catch (NoSuchFileException e) {
        // the pack was compacted away between the lookup and the read: look again
      }
    }
    return Optional.empty();
  }

  /** A pack being written: records appended as chunks arrive, made durable and visible by {@link #commit}. */
  final class Writer {
    private final Path temp = dir.resolve(StoreLayout.TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    private final FileChannel channel;
    private final List<ChunkId> ids = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private long size;

    Writer() throws IOException {
      channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    void append(ChunkId id, byte[] sealed) throws IOException {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      header.put(id.bytes()).putInt(sealed.length).flip();
      ByteBuffer[] record = {header, ByteBuffer.wrap(sealed)};
      long want = HEADER_BYTES + (long) sealed.length;
      long written = 0;
      while (written < want) {
        written += channel.write(record);
      }
      ids.add(id);
      offsets.add(size + HEADER_BYTES);
      lengths.add(sealed.length);
      size += want;
    }

    boolean isEmpty() {
      return ids.isEmpty();
    }

    /**
     * Syncs the pack, renames it into place and indexes its chunks, all but those {@code held}
     * says are stored already or another batch indexed meanwhile: those stay in the pack as dead
     * records. Returns the chunks that were held already.
     */
    List<ChunkId> commit(java.util.function.Predicate<ChunkId> held) throws IOException {
      return commit((id, location) -> !held.test(id) && index.putIfAbsent(id, location) == null);
    }

    /** Like {@link #commit(java.util.function.Predicate)}, where {@code place} indexes a record or refuses it. */
    private List<ChunkId> commit(java.util.function.BiPredicate<ChunkId, Location> place) throws IOException {
      channel.force(true);
      channel.close();
      Path path = dir.resolve(Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
          + PACK_SUFFIX);
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
      StoreLayout.fsyncDirectory(dir);
      Pack pack = new Pack(path, size);
      List<ChunkId> refused = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        ChunkId id = ids.get(i);
        if (place.test(id, new Location(pack, offsets.get(i), lengths.get(i)))) {
          synchronized (pack) {
            pack.liveBytes += lengths.get(i);
            pack.liveChunks++;
          }
        } else {
          refused.add(id);
        }
      }
      if (pack.liveChunks == 0) {
        remove(pack);
      } else if (!refused.isEmpty()) {
        try {
          markDead(pack, refused);
        } catch (IOException e) {
          // Harmless: at the next open a chunk indexed from another file wins over these records.
          LOG.log(Level.WARNING, () -> "chunk store: could not list " + refused.size() + " duplicate records of "
              + path + " as dead: " + e);
        }
      }
      return refused;
    }

    /** Commits a compaction: a record is indexed only if its chunk still lives where it was copied from. */
    private void commitMoving(Map<ChunkId, Location> from) throws IOException {
      commit((id, location) -> index.replace(id, from.get(id), location));
    }

    /** Drops the pack being written. */
    void abort() {
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.log(Level.WARNING, () -> "chunk store: could not remove " + temp + ": " + e);
      }
    }
  }

  Writer writer() throws IOException {
    return new Writer();
  }

  /**
   * Removes a packed chunk: lists it as dead in its pack, removes the pack when nothing in it is
   * live, or moves the live rest to a new pack when more than half of it is dead. Returns the
   * chunk's bytes, or empty when it was not packed.
   */
  Optional<Integer> delete(ChunkId id) throws IOException {
    Location location = index.get(id);
    if (location == null) {
      return Optional.empty();
    }
    Pack pack = location.pack();
    markDead(pack, List.of(id));
    index.remove(id, location);
    boolean empty;
    boolean mostlyDead;
    synchronized (pack) {
      pack.liveBytes -= location.length();
      pack.liveChunks--;
      empty = pack.liveChunks == 0;
      mostlyDead = pack.liveBytes * 2 < pack.totalBytes;
    }
    if (empty) {
      remove(pack);
    } else if (mostlyDead) {
      compact(pack);
    }
    return Optional.of(location.length());
  }

  private void markDead(Pack pack, List<ChunkId> ids) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(ids.size() * ID_BYTES);
    ids.forEach(id -> bytes.put(id.bytes()));
    bytes.flip();
    try (FileChannel list = FileChannel.open(pack.deadList(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      while (bytes.hasRemaining()) {
        list.write(bytes);
      }
      list.force(true);
    }
  }

  private void remove(Pack pack) throws IOException {
    Files.deleteIfExists(pack.path);
    Files.deleteIfExists(pack.deadList());
    StoreLayout.fsyncDirectory(dir);
  }

  /** Moves a pack's live chunks to a new pack, then removes it. */
  private synchronized void compact(Pack pack) throws IOException {
    if (!Files.exists(pack.path)) {
      return;
    }
    Map<ChunkId, Location> live = new HashMap<>();
    index.forEach((id, l) -> {
      if (l.pack() == pack) {
        live.put(id, l);
      }
    });
    Writer writer = writer();
    try {
      for (Map.Entry<ChunkId, Location> e : live.entrySet()) {
        writer.append(e.getKey(), read(e.getKey()).orElseThrow());
      }
      writer.commitMoving(live);
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
    remove(pack);
    LOG.log(Level.DEBUG, () -> "chunk store: compacted pack " + pack.path + " live=" + live.size());
  }
}
