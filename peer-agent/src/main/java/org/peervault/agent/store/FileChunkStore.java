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
 * A {@link ChunkStore} in a directory: a chunk stored alone is a file of its own, a batch of
 * chunks is one pack file. On-disk layout, version 2:
 * <pre>{@code
 * <root>/store.version               "peervault-chunk-store 2\n" (format marker)
 * <root>/chunks/<ab>/<hex id>        one sealed chunk; <ab> = the id's first 2 hex characters
 * <root>/chunks/<ab>/.tmp-<random>   a write in progress; deleted on open
 * <root>/packs/...                   the chunks of batches (see PackFiles)
 * }</pre>
 * Version 1 (no packs) is opened and its marker raised to 2. The store is created only in a new
 * or empty directory, and refuses a directory whose marker names another version. Files in
 * {@code chunks/} that are not chunks are ignored (and logged).
 *
 * <p>Writes are crash-safe: temp file, fsync, atomic rename, fsync of the directory; a crash
 * leaves at most a temp file, removed on the next open. Opening recomputes the used bytes from
 * the chunk files and the packs' live records. Used bytes count sealed chunk bytes only (not a
 * pack's dead records or headers).
 *
 * <p>Thread-safe. Puts and deletes of the same chunk are serialized by a lock stripe (so an
 * identical concurrent put is charged once); the quota is reserved with a compare-and-set before
 * writing, so concurrent puts never pass it. Reads take no lock.
 */
public final class FileChunkStore implements ChunkStore {

  private static final System.Logger LOG = System.getLogger(FileChunkStore.class.getName());
  private static final int LOCK_STRIPES = 64;

  private final StoreLayout layout;
  private final PackFiles packs;
  private final QuotaLedger ledger;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  /**
   * Opens the store at {@code root}, creating it when the directory is new or empty.
   *
   * @param root the store directory
   * @param quotaBytes bytes of chunks this store may hold; may be below what it already holds
   *     (then every new put is refused until deletes free space)
   * @throws ChunkStoreException when the directory is not a chunk store of version 1 or 2, or
   *     cannot be read or created
   */
  public FileChunkStore(Path root, long quotaBytes) {
    this.layout = new StoreLayout(Objects.requireNonNull(root, "root"));
    this.packs = new PackFiles(layout.root());
    StoreLayout.Scan scan;
    PackFiles.Scan packed;
    try {
      layout.createOrCheck();
      scan = layout.scan();
      packed = packs.open();
    } catch (IOException e) {
      throw new ChunkStoreException(null, layout.root(), "cannot open chunk store "
          + layout.root() + ": " + e + "; check that the directory exists and is writable", e);
    }
    this.ledger = new QuotaLedger(quotaBytes, scan.usedBytes() + packed.liveBytes());
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
    LOG.log(Level.INFO, () -> "chunk store opened root=" + layout.root() + " chunks="
        + (scan.chunkCount() + packed.liveChunks()) + " packs=" + packed.packs() + " usedBytes="
        + ledger.usedBytes() + " quotaBytes=" + quotaBytes + " removedTempFiles="
        + (scan.removedTempFiles() + packed.removedTempFiles()));
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
    ChunkIntegrityException.check(id, sealed);
    Path file = layout.chunkFile(id);
    ReentrantLock lock = lockFor(id);
    lock.lock();
    try {
      if (packs.find(id).isPresent() || Files.isRegularFile(file)) {
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
      Optional<byte[]> packed = packs.read(id);
      if (packed.isPresent()) {
        return packed;
      }
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
      long size = packs.delete(id).orElse(-1);
      if (size >= 0) {
        ledger.release(size);
      }
      long loose;
      try {
        loose = Files.size(file);
        Files.delete(file);
        ledger.release(loose);
        StoreLayout.fsyncDirectory(file.getParent());
      } catch (NoSuchFileException e) {
        loose = -1;
      }
      if (size < 0 && loose < 0) {
        return OptionalLong.empty();
      }
      long freed = Math.max(size, 0) + Math.max(loose, 0);
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
    return packs.find(Objects.requireNonNull(id, "id")).isPresent() || Files.isRegularFile(layout.chunkFile(id));
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
   * A batch on disk is one pack (see {@link PackFiles}): each chunk is appended to the pack being
   * written as it is added; the commit syncs the pack once, renames it into place and indexes its
   * chunks, but for those the store held already, which stay in the pack as dead records.
   */
  @Override
  public StoreBatch batch() {
    return new PackBatch();
  }

  private final class PackBatch implements StoreBatch {
    private final java.util.Set<ChunkId> staged = new java.util.HashSet<>();
    private final java.util.Map<ChunkId, Integer> sizes = new java.util.HashMap<>();
    private PackFiles.Writer writer;
    private long reserved;

    @Override
    public void add(ChunkId id, byte[] sealed) {
      ChunkIntegrityException.check(id, sealed);
      if (!staged.add(id)) {
        return;
      }
      ledger.reserve(sealed.length);
      try {
        if (writer == null) {
          writer = packs.writer();
        }
        writer.append(id, sealed);
        reserved += sealed.length;
        sizes.put(id, sealed.length);
      } catch (IOException | RuntimeException e) {
        staged.remove(id);
        ledger.release(sealed.length);
        throw new ChunkStoreException(id, root(), "chunk store: staging chunk " + id.shortId() + " ("
            + sealed.length + " bytes) in a pack failed: " + e
            + "; nothing was stored (check free disk space and permissions)", e);
      }
    }

    @Override
    public java.util.List<ChunkId> commit() {
      if (writer == null) {
        return java.util.List.of();
      }
      try {
        java.util.List<ChunkId> present = writer.commit(id -> Files.isRegularFile(layout.chunkFile(id)));
        present.forEach(id -> ledger.release(sizes.get(id)));
        return present;
      } catch (IOException | RuntimeException e) {
        abort();
        throw new ChunkStoreException(null, root(), "chunk store: committing a batch of " + staged.size()
            + " chunks failed: " + e + "; none of them was stored (check free disk space and permissions)", e);
      } finally {
        writer = null;
        reserved = 0;
        staged.clear();
      }
    }

    @Override
    public void abort() {
      if (writer != null) {
        writer.abort();
        writer = null;
      }
      ledger.release(reserved);
      reserved = 0;
      staged.clear();
    }
  }

  private ReentrantLock lockFor(ChunkId id) {
    return locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
  }
}
