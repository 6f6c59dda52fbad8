package org.peervault.agent.restore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.peervault.agent.progress.Progress;
import org.peervault.agent.progress.ProgressListener;
import org.peervault.agent.scan.FileMode;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.ChunkLocation;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.PlanRestoreRequest;
import org.peervault.proto.v1.RestoreBatch;

/**
 * Restores file versions from the repository's plan. Files are written in parallel, each through a
 * temporary file in its own directory that is renamed into place once complete; a {@link Prefetcher}
 * fetches the chunks ahead of the writers in batches, one stream per peer, spreading the batches
 * over the replicas, so a restore reads from several peers at once. Directories get their mode and mtime after their contents. A path that would
 * leave the target is refused and reported; the rest goes on. One instance per restore.
 */
public final class Restore {
  private static final Logger LOG = Logger.getLogger(Restore.class.getName());
  /** Sealed bytes fetched ahead of the writers at most, by default. */
  private static final long PREFETCH_BYTES = 64 << 20;

  private final RepositoryClient repository;
  private final ChunkFetcher fetcher;
  private final int parallelFiles;
  private final AtomicLong bytes = new AtomicLong();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong keptExisting = new AtomicLong();
  private final AtomicLong renamed = new AtomicLong();
  private ExistingFiles existing = ExistingFiles.OVERWRITE;
  private long prefetchBytes = PREFETCH_BYTES;
  /** Directories this restore created or found, so a file's parent is not made again. */
  private final java.util.Set<Path> created = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Directories whose whole way from the target (themselves included) was found free of symbolic links. */
  private final java.util.Set<Path> checked = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private ProgressListener listener = ProgressListener.NONE;
  private long started;
  private long filesTotal;
  private long bytesTotal;
  private long filesDone;

  public Restore(RepositoryClient repository, ChunkFetcher fetcher, int parallelFiles) {
    this.repository = repository;
    this.fetcher = fetcher;
    this.parallelFiles = parallelFiles;
  }

  /** Fetches at most {@code bytes} of sealed chunks ahead of the writers. */
  Restore withPrefetchBytes(long bytes) {
    this.prefetchBytes = bytes;
    return this;
  }

  /** Reports progress to {@code listener}. */
  public Restore withProgress(ProgressListener listener) {
    this.listener = listener;
    return this;
  }

  /** Runs the restore; returns a report (its {@code errors} name every path not restored). */
  public RestoreReport run(RestoreRequest request) throws IOException {
    started = System.nanoTime();
    existing = request.existing();
    long corruptBefore = fetcher.corruptReplicas();
    long failedBefore = fetcher.failedAttempts();
    long fetchedBefore = fetcher.fetchedBytes();
    Files.createDirectories(request.target());
    Path target = request.target().toRealPath();

    List<FileVersion> versions = new ArrayList<>();
    Map<String, ChunkLocation> chunks = new HashMap<>();
    PlanRestoreRequest plan = PlanRestoreRequest.newBuilder()
        .setDeviceId(request.deviceId())
        .setSnapshotId(request.snapshotId())
        .setAtMillis(request.atMillis())
        .addAllPaths(request.paths())
        .build();
    PlanGrants grants = new PlanGrants(() -> {
      Map<String, Map<Long, Grant>> fresh = new HashMap<>();
      repository.planRestore(plan, batch -> grants(batch, fresh));
      return fresh;
    });
    Map<String, Map<Long, Grant>> first = new HashMap<>();
    repository.planRestore(plan, batch -> {
      versions.addAll(batch.getFilesList());
      batch.getChunksList().forEach(c -> chunks.put(c.getChunkId(), c));
      grants(batch, first);
    });
    grants.start(first);
    LOG.info(() -> "event=restore_planned entries=" + versions.size() + " chunks=" + chunks.size());

    List<FileVersion> directories = new ArrayList<>();
    List<FileVersion> regular = new ArrayList<>();
    List<FileVersion> links = new ArrayList<>();
    for (FileVersion v : versions) {
      switch (v.getKind()) {
        case FILE_KIND_DIRECTORY -> directories.add(v);
        case FILE_KIND_SYMLINK -> links.add(v);
        case FILE_KIND_REGULAR -> {
          regular.add(v);
          filesTotal++;
          bytesTotal += v.getSizeBytes();
        }
        default -> errors.add(v.getPath() + ": unknown kind " + v.getKind());
      }
    }
    Sealer.warmUpFor(bytesTotal);
    directories.sort(Comparator.comparing(FileVersion::getPath));
    long directoryCount = 0;
    for (FileVersion dir : directories) {
      directoryCount += attempt(dir, () -> {
        Path path = resolve(target, dir.getPath());
        SafePath.checkNoSymlinkParents(target, path);
        Files.createDirectories(path);
        created.add(path);
        return true;
      });
    }

    tell("scan");
    long fileCount = writeFiles(target, regular, chunks, grants);
    long linkCount = 0;
    for (FileVersion link : links) {
      linkCount += attempt(link, () -> writeLink(target, link));
    }
    // Deepest first, so setting a parent's mtime comes after every change inside it.
    for (int i = directories.size() - 1; i >= 0; i--) {
      FileVersion dir = directories.get(i);
      attempt(dir, () -> {
        setAttributes(resolve(target, dir.getPath()), dir);
        return true;
      });
    }
    RestoreReport report = new RestoreReport(fileCount, directoryCount, linkCount, bytes.get(),
        fetcher.fetchedBytes() - fetchedBefore, fetcher.corruptReplicas() - corruptBefore,
        fetcher.failedAttempts() - failedBefore, List.copyOf(errors),
        Duration.ofNanos(System.nanoTime() - started), keptExisting.get(), renamed.get());
    tell("done");
    LOG.info(() -> "event=restore_finished files=" + report.files() + " bytes=" + report.bytes()
        + " corrupt_replicas=" + report.corruptReplicas() + " failed_fetches=" + report.failedAttempts()
        + " kept_existing=" + report.keptExisting() + " renamed=" + report.renamed()
        + " errors=" + report.errors().size());
    return report;
  }

  /** Records the grants of one plan batch for each of its chunks. */
  private static void grants(RestoreBatch batch, Map<String, Map<Long, Grant>> into) {
    Map<Long, Grant> byPeer = new HashMap<>();
    batch.getPeerGrantsList().forEach(g -> byPeer.put(g.getDeviceId(), g.getGrant()));
    batch.getChunksList().forEach(c -> into.put(c.getChunkId(), byPeer));
  }

  private long writeFiles(Path target, List<FileVersion> files, Map<String, ChunkLocation> chunks,
      PlanGrants grants) {
    List<ChunkLocation> sequence = new ArrayList<>();
    int[] firstUse = new int[files.size()];
    List<String> unplanned = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      firstUse[i] = sequence.size();
      for (ChunkRef ref : files.get(i).getChunksList()) {
        ChunkLocation planned = chunks.get(ref.getChunkId());
        if (planned == null) {
          unplanned.add(ref.getChunkId());
          planned = ChunkLocation.newBuilder().setChunkId(ref.getChunkId()).build();
        }
        sequence.add(planned);
      }
    }
    if (!unplanned.isEmpty()) {
      LOG.warning(() -> "event=restore_unplanned_chunks count=" + unplanned.size() + " first=" + unplanned.get(0));
    }
    ExecutorService writers = Executors.newFixedThreadPool(parallelFiles);
    ExecutorService fallbacks = Executors.newFixedThreadPool(4);
    Prefetcher prefetcher = new Prefetcher(fetcher, grants, sequence, prefetchBytes, fallbacks).start();
    try {
      List<Future<Integer>> done = new ArrayList<>(files.size());
      for (int i = 0; i < files.size(); i++) {
        FileVersion file = files.get(i);
        int first = firstUse[i];
        done.add(writers.submit(() -> {
          int written = attempt(file, () -> writeFile(target, file, prefetcher, first));
          fileDone();
          return written;
        }));
      }
      long count = 0;
      for (Future<Integer> f : done) {
        count += f.get();
      }
      return count;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("restore interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("restore failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      prefetcher.close();
      writers.shutdownNow();
      fallbacks.shutdownNow();
    }
  }

  /**
   * Writes one file from the chunk uses at {@code first} onwards of the prefetch sequence; every
   * one of them is taken or skipped, whatever happens, so the prefetch window moves on.
   */
  private boolean writeFile(Path target, FileVersion file, Prefetcher prefetcher, int first) throws IOException {
    int next = first;
    int end = first + file.getChunksCount();
    try {
      Path wanted = resolve(target, file.getPath());
      prepareDirectory(target, wanted);
      Path destination = destination(wanted).orElse(null);
      if (destination == null) {
        return false;
      }
      Path temp = Files.createTempFile(destination.getParent(), ".pv-restore-", ".tmp");
      boolean moved = false;
      try {
        long written = 0;
        try (OutputStream out = Files.newOutputStream(temp)) {
          while (next < end) {
            byte[] plain = prefetcher.take(next++);
            out.write(plain);
            written += plain.length;
          }
        }
        if (written != file.getSizeBytes()) {
          throw new IOException("restored " + written + " bytes, the snapshot says " + file.getSizeBytes());
        }
        setAttributes(temp, file);
        move(temp, destination);
        moved = true;
        bytes.addAndGet(written);
        return true;
      } finally {
        if (!moved) {
          Files.deleteIfExists(temp);
        }
      }
    } finally {
      while (next < end) {
        prefetcher.skip(next++);
      }
    }
  }

  private boolean writeLink(Path target, FileVersion link) throws IOException {
    Path wanted = resolve(target, link.getPath());
    prepareDirectory(target, wanted);
    Path destination = destination(wanted).orElse(null);
    if (destination == null) {
      return false;
    }
    Files.deleteIfExists(destination);
    Files.createSymbolicLink(destination, Path.of(link.getLinkTarget()));
    return true;
  }

  /**
   * Checks that no directory on the way to {@code file} (its own directory included) is a symbolic
   * link, and creates its directory; once per directory and restore. File-system calls are the
   * restore's largest cost for small files (a failing mkdir or a stat per ancestor per file would
   * take the directories' locks again and again, against the writers creating files in them).
   */
  private void prepareDirectory(Path target, Path file) throws IOException {
    Path dir = file.getParent();
    if (checked.contains(dir)) {
      return;
    }
    SafePath.checkNoSymlinkParents(target, file);
    if (!created.contains(dir)) {
      Files.createDirectories(dir);
      created.add(dir);
    }
    checked.add(dir);
  }

  /** Where the backed-up version goes given what exists there; empty when it is kept. */
  private java.util.Optional<Path> destination(Path wanted) throws IOException {
    java.util.Optional<Path> chosen = existing.destination(wanted);
    if (chosen.isEmpty()) {
      keptExisting.incrementAndGet();
    } else if (!chosen.get().equals(wanted)) {
      renamed.incrementAndGet();
    }
    return chosen;
  }

  private synchronized void fileDone() {
    filesDone++;
    tell("transfer");
  }

  private synchronized void tell(String phase) {
    listener.update(new Progress("restore", phase, filesDone, filesTotal, bytes.get(), bytesTotal,
        fetcher.fetchedBytes(), Duration.ofNanos(System.nanoTime() - started)));
  }

  private static void setAttributes(Path path, FileVersion version) throws IOException {
    FileMode.apply(path, version.getMode());
    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.fromMillis(version.getMtimeMillis()), null, null);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path resolve(Path target, String path) {
    return SafePath.resolve(target, path);
  }

  /** One entry's work; returns false when it deliberately wrote nothing (an existing file kept). */
  private interface Step {
    boolean run() throws IOException;
  }

  /** Runs one entry's step; a failure is recorded against the path and the restore goes on. */
  private int attempt(FileVersion version, Step step) {
    try {
      return step.run() ? 1 : 0;
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      errors.add(version.getPath() + ": " + reason);
      LOG.warning(() -> "event=restore_failed path=\"" + version.getPath() + "\" reason=\"" + reason + "\"");
      return 0;
    }
  }
}
