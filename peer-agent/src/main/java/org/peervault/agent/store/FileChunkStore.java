package org.peervault.agent.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;

/**
 * A {@link ChunkStore} in a directory, one file per chunk. On-disk layout, version 1:
 * <pre>{@code
 * <root>/store.version               "peervault-chunk-store 1\n" (format marker)
 * <root>/chunks/<ab>/<hex id>        one sealed chunk; <ab> = the id's first 2 hex characters
 * <root>/chunks/<ab>/.tmp-<random>   a write in progress; deleted on open
 * }</pre>
 * The store is created only in a new or empty directory, and refuses a directory whose marker
 * names another version. Files in {@code chunks/} that are not chunks are ignored (and logged).
 *
 * <p>Writes are crash-safe: temp file in the chunk's shard directory, fsync, atomic rename, fsync
 * of the directory; a crash leaves at most a temp file, removed on the next open. Opening
 * recomputes the used bytes by walking the tree. Used bytes count chunk file lengths only.
 *
 * <p>Thread-safe. Puts and deletes of the same chunk are serialized by a lock stripe (so an
 * identical concurrent put is charged once); the quota is reserved with a compare-and-set before
 * writing, so concurrent puts never pass it. Reads take no lock.
 */
public final class FileChunkStore implements ChunkStore {

  private static final System.Logger LOG = System.getLogger(FileChunkStore.class.getName());
  private static final int LOCK_STRIPES = 64;

  private final StoreLayout layout;
  private final QuotaLedger ledger;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  /**
   * Opens the store at {@code root}, creating it when the directory is new or empty.
   *
   * @param root the store directory
   * @param quotaBytes bytes of chunks this store may hold; may be below what it already holds
   *     (then every new put is refused until deletes free space)
   * @throws ChunkStoreException when the directory is not a chunk store of version 1, or cannot
   *     be read or created
   */
  public FileChunkStore(Path root, long quotaBytes) {
    this.layout = new StoreLayout(Objects.requireNonNull(root, "root"));
    StoreLayout.Scan scan;
    try {
      layout.createOrCheck();
      scan = layout.scan();
    } catch (IOException e) {
      throw new ChunkStoreException(null, layout.root(), "cannot open chunk store "
          + layout.root() + ": " + e + "; check that the directory exists and is writable", e);
    }
    this.ledger = new QuotaLedger(quotaBytes, scan.usedBytes());
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    LOG.log(Level.INFO, () -> "chunk store opened root=" + layout.root() + " chunks="
        + scan.chunkCount() + " usedBytes=" + scan.usedBytes() + " quotaBytes=" + quotaBytes
        + " removedTempFiles=" + scan.removedTempFiles());
    if (scan.foreignFiles() > 0) {
      LOG.log(Level.WARNING, () -> "chunk store root=" + layout.root() + " ignores "
          + scan.foreignFiles() + " files that are not chunks");
    }
  }

  /** Same as {@link #FileChunkStore(Path, long)}. */
  public static FileChunkStore open(Path root, long quotaBytes) {
    return new FileChunkStore(root, quotaBytes);
  }

  /** The store directory (absolute). */
  public Path root() {
    return layout.root();
  }

  @Override
  public PutResult put(ChunkId id, byte[] sealed) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sealed, "sealed");
    ChunkId actual = ChunkId.of(sealed);
    if (!actual.equals(id)) {
      throw new ChunkIntegrityException(id, actual);
    }
    Path file = layout.chunkFile(id);
    ReentrantLock lock = lockFor(id);
    lock.lock();
    try {
      if (Files.isRegularFile(file)) {
        return new PutResult(true, ledger.usedBytes());
      }
      ledger.reserve(sealed.length);
      boolean stored = false;
      try {
        write(file, sealed);
        stored = true;
      } catch (IOException e) {
        throw new ChunkStoreException(id, file, "chunk store: writing chunk " + id.shortId()
            + " (" + sealed.length + " bytes) to " + file + " failed: " + e
            + "; nothing was stored (check free disk space and permissions)", e);
      } finally {
        if (!stored) {
          ledger.release(sealed.length);
        }
      }
      LOG.log(Level.DEBUG, () -> "chunk stored chunk=" + id.shortId() + " bytes=" + sealed.length);
      return new PutResult(false, ledger.usedBytes());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<byte[]> get(ChunkId id) {
    Path file = layout.chunkFile(Objects.requireNonNull(id, "id"));
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ChunkStoreException(id, file, "chunk store: reading chunk " + id.shortId()
          + " from " + file + " failed: " + e, e);
    }
  }

  @Override
  public OptionalLong delete(ChunkId id) {
    Path file = layout.chunkFile(Objects.requireNonNull(id, "id"));
    ReentrantLock lock = lockFor(id);
    lock.lock();
    try {
      long size;
      try {
        size = Files.size(file);
      } catch (NoSuchFileException e) {
        return OptionalLong.empty();
      }
      Files.delete(file);
      ledger.release(size);
      StoreLayout.fsyncDirectory(file.getParent());
      long freed = size;
      LOG.log(Level.DEBUG, () -> "chunk deleted chunk=" + id.shortId() + " bytes=" + freed);
      return OptionalLong.of(freed);
    } catch (IOException e) {
      throw new ChunkStoreException(id, file, "chunk store: deleting chunk " + id.shortId()
          + " at " + file + " failed: " + e, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean contains(ChunkId id) {
    return Files.isRegularFile(layout.chunkFile(Objects.requireNonNull(id, "id")));
  }

  @Override
  public long usedBytes() {
    return ledger.usedBytes();
  }

  @Override
  public long quotaBytes() {
    return ledger.quotaBytes();
  }

  private void write(Path file, byte[] sealed) throws IOException {
    Path shard = file.getParent();
    if (!Files.isDirectory(shard)) {
      Files.createDirectories(shard);
      StoreLayout.fsyncDirectory(shard.getParent());
    }
    StoreLayout.writeDurably(shard, file, sealed);
  }

  /**
   * A batch on disk: each chunk is written to a temp file in its shard directory as it is added,
   * and its fsync starts at once on a small pool, so syncing overlaps the receiving of the next
   * chunks; the commit waits for those syncs, renames each temp file into place (under the chunk's
   * lock, skipping chunks held already) and then syncs each shard directory once. A crash before the
   * commit leaves temp files, removed on the next open.
   */
  @Override
  public StoreBatch batch() {
    return new FileBatch();
  }

  private static final java.util.concurrent.ExecutorService SYNCS = java.util.concurrent.Executors
      .newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "chunk-store-sync");
        t.setDaemon(true);
        return t;
      });

  private final class FileBatch implements StoreBatch {
    private record Staged(ChunkId id, Path temp, Path file, long bytes,
        java.util.concurrent.Future<?> synced) {}

    private final java.util.Map<ChunkId, Staged> staged = new java.util.LinkedHashMap<>();

    @Override
    public void add(ChunkId id, byte[] sealed) {
      ChunkId actual = ChunkId.of(sealed);
      if (!actual.equals(id)) {
        throw new ChunkIntegrityException(id, actual);
      }
      if (staged.containsKey(id)) {
        return;
      }
      Path file = layout.chunkFile(id);
      ledger.reserve(sealed.length);
      Path temp = null;
      try {
        Path shard = file.getParent();
        if (!Files.isDirectory(shard)) {
          Files.createDirectories(shard);
          StoreLayout.fsyncDirectory(shard.getParent());
        }
        temp = StoreLayout.writeTemp(shard, sealed);
        Path written = temp;
        staged.put(id, new Staged(id, temp, file, sealed.length, SYNCS.submit(() -> StoreLayout.fsync(written))));
      } catch (IOException | RuntimeException e) {
        ledger.release(sealed.length);
        deleteQuietly(temp);
        throw new ChunkStoreException(id, file, "chunk store: staging chunk " + id.shortId() + " ("
            + sealed.length + " bytes) in " + file.getParent() + " failed: " + e
            + "; nothing was stored (check free disk space and permissions)", e);
      }
    }

    @Override
    public java.util.List<ChunkId> commit() {
      java.util.List<ChunkId> present = new java.util.ArrayList<>();
      java.util.List<Staged> moved = new java.util.ArrayList<>();
      java.util.Set<Path> shards = new java.util.LinkedHashSet<>();
      Staged current = null;
      try {
        for (Staged s : staged.values()) {
          current = s;
          s.synced().get();
        }
        for (Staged s : staged.values()) {
          current = s;
          ReentrantLock lock = lockFor(s.id());
          lock.lock();
          try {
            if (Files.isRegularFile(s.file())) {
              present.add(s.id());
              ledger.release(s.bytes());
              Files.delete(s.temp());
            } else {
              Files.move(s.temp(), s.file(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
              moved.add(s);
              shards.add(s.file().getParent());
            }
          } finally {
            lock.unlock();
          }
        }
        shards.forEach(StoreLayout::fsyncDirectory);
        staged.clear();
        return present;
      } catch (IOException | java.util.concurrent.ExecutionException | RuntimeException e) {
        // Chunks already renamed into place stay: each is whole and synced, and another batch may
        // have counted on it since. The rest is dropped.
        moved.forEach(m -> staged.remove(m.id()));
        present.forEach(staged::remove);
        abort();
        Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
        throw new ChunkStoreException(current == null ? null : current.id(),
            current == null ? layout.root() : current.file(), "chunk store: committing a batch failed at chunk "
            + (current == null ? "-" : current.id().shortId()) + ": " + cause + "; " + moved.size()
            + " of its chunks were stored (check free disk space and permissions)", cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
        throw new ChunkStoreException(null, layout.root(), "chunk store: interrupted while committing", e);
      }
    }

    @Override
    public void abort() {
      for (Staged s : staged.values()) {
        s.synced().cancel(false);
        deleteQuietly(s.temp());
        ledger.release(s.bytes());
      }
      staged.clear();
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.WARNING, () -> "chunk store: could not remove " + file + ": " + e);
    }
  }

  private ReentrantLock lockFor(ChunkId id) {
    return locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
  }
}
