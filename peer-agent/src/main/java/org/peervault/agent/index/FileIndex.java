package org.peervault.agent.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The agent's local index of backed-up files, in an H2 MVStore at {@code <state dir>/index/files.mv.db}:
 * per absolute source path, the {@link IndexedFile} (stamp and chunk list) of its last committed
 * backup. A file whose stamp is unchanged is not even opened by the next backup.
 *
 * <p>Rules it keeps: the store carries a format version ({@link #FORMAT}); a store of another format,
 * a corrupt store or a malformed entry is discarded with a warning and rebuilt, never fatal; a store
 * locked by another running backup is left alone and this run uses an in-memory index. Entries under
 * a backed-up root that the last scan did not see are pruned, so the index stays as large as the
 * trees it describes. Thread-safe (MVStore maps are), though one backup uses it at a time.
 */
public final class FileIndex implements AutoCloseable {
  /** The store's format; bump it (and migrate or discard) when {@link IndexedFile}'s meaning changes. */
  public static final int FORMAT = 1;
  static final String FILE = "files.mv.db";
  private static final Logger LOG = Logger.getLogger(FileIndex.class.getName());

  private final MVStore store;
  private final MVMap<String, byte[]> files;
  private final boolean persistent;

  private FileIndex(MVStore store, boolean persistent) {
    this.store = store;
    this.persistent = persistent;
    MVMap<String, Integer> meta = store.openMap("meta");
    this.files = store.openMap("files");
    Integer format = meta.get("format");
    if (format == null || format != FORMAT) {
      if (format != null) {
        LOG.warning(() -> "event=index_discarded reason=\"format " + format + ", this agent writes " + FORMAT + "\"");
      }
      files.clear();
      meta.put("format", FORMAT);
      store.commit();
    }
  }

  /** Opens (or creates) the index in {@code dir}; see the class comment for what happens on trouble. */
  public static FileIndex open(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      Files.createDirectories(dir);
      return new FileIndex(openStore(file), true);
    } catch (IOException e) {
      LOG.warning(() -> "event=index_unavailable dir=\"" + dir + "\" reason=\"" + e.getMessage()
          + "\" effect=\"this run reads every file\"");
      return inMemory();
    } catch (MVStoreException | IllegalStateException | ClassCastException e) {
      if (e instanceof MVStoreException m && m.getErrorCode() == org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED) {
        LOG.warning(() -> "event=index_busy file=\"" + file + "\" effect=\"another backup holds the index;"
            + " this run reads every file\"");
        return inMemory();
      }
      LOG.warning(() -> "event=index_discarded file=\"" + file + "\" reason=\"" + e.getMessage()
          + "\" effect=\"rebuilt by this run\"");
      try {
        Files.deleteIfExists(file);
        return new FileIndex(openStore(file), true);
      } catch (IOException | RuntimeException again) {
        LOG.warning(() -> "event=index_unavailable file=\"" + file + "\" reason=\"" + again.getMessage() + "\"");
        return inMemory();
      }
    }
  }

  /** An index that lives for this run only. */
  public static FileIndex inMemory() {
    return new FileIndex(new MVStore.Builder().autoCommitDisabled().open(), false);
  }

  private static MVStore openStore(Path file) {
    return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().compress().open();
  }

  /** Whether entries survive this process. */
  public boolean persistent() {
    return persistent;
  }

  /** The entry for {@code path}; empty when absent or malformed (a malformed one is dropped). */
  public Optional<IndexedFile> get(Path path) {
    String key = key(path);
    byte[] value = files.get(key);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(IndexedFile.decode(value));
    } catch (IllegalArgumentException e) {
      LOG.warning(() -> "event=index_entry_dropped path=\"" + key + "\" reason=\"" + e.getMessage() + "\"");
      files.remove(key);
      return Optional.empty();
    }
  }

  public void put(Path path, IndexedFile file) {
    files.put(key(path), file.encode());
  }

  public void remove(Path path) {
    files.remove(key(path));
  }

  /** Drops entries below any of {@code roots} whose path is not in {@code seen}; returns how many. */
  public int prune(Collection<Path> roots, Set<Path> seen) {
    List<String> prefixes = roots.stream().map(r -> key(r) + "/").toList();
    Set<String> seenKeys = new java.util.HashSet<>();
    seen.forEach(p -> seenKeys.add(key(p)));
    List<String> gone = new ArrayList<>();
    for (String key : files.keySet()) {
      if (!seenKeys.contains(key) && prefixes.stream().anyMatch(key::startsWith)) {
        gone.add(key);
      }
    }
    gone.forEach(files::remove);
    return gone.size();
  }

  public long size() {
    return files.sizeAsLong();
  }

  /** Makes every change so far durable. */
  public void commit() {
    try {
      store.commit();
    } catch (MVStoreException e) {
      throw new UncheckedIOException(new IOException("cannot write the local index: " + e.getMessage(), e));
    }
  }

  private static String key(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  @Override
  public void close() {
    if (!store.isClosed()) {
      store.close(persistent ? 200 : 0);
    }
  }
}
