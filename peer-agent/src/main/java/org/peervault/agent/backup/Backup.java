package org.peervault.agent.backup;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.index.FileIndex;
import org.peervault.agent.index.IndexedFile;
import org.peervault.agent.progress.ProgressListener;
import org.peervault.agent.scan.Entry;
import org.peervault.agent.scan.EntryKind;
import org.peervault.agent.scan.Exclusions;
import org.peervault.agent.scan.Skipped;
import org.peervault.agent.scan.TreeWalker;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkUploader;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.BeginSnapshotResponse;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.Snapshot;
import org.peervault.proto.v1.SnapshotStats;

/**
 * Runs one backup of a set of roots for the device the repository client speaks for.
 *
 * <p>The scan applies the {@link Exclusions}; files the {@link FileIndex} shows unchanged (and whose
 * chunks the repository still knows) are not opened. The calling thread reads and chunks the other
 * files; full batches of new chunks go to a bounded number of batch workers that look up keys, seal
 * on a CPU pool, place, upload on an I/O pool and confirm. Each distinct plaintext is claimed once
 * per run, so a repeated chunk is never sealed or sent twice. Memory stays bounded by the batch
 * window. The snapshot becomes visible only at its commit, and the index learns the new files only
 * after that. One instance per run.
 */
public final class Backup {
  private static final Logger LOG = Logger.getLogger(Backup.class.getName());
  private static final int FILES_PER_CALL = 1000;

  private final RepositoryClient repository;
  private final BackupSettings settings;
  private final ChunkBatcher batcher;
  private final SourceOpener opener;
  private final Map<ByteString, CompletableFuture<ChunkId>> claimed = new ConcurrentHashMap<>();
  private final AtomicLong deduplicated = new AtomicLong();
  private Exclusions exclusions = Exclusions.none();
  private FileIndex index;
  private ProgressListener listener = ProgressListener.NONE;

  /** Opens a file to back up; tests hand in failures the file system will not produce on demand. */
  @FunctionalInterface
  public interface SourceOpener {
    InputStream open(Path file) throws IOException;
  }

  public Backup(RepositoryClient repository, PeerChannels peers, BackupSettings settings) {
    this(repository, peers, settings, file -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
  }

  public Backup(RepositoryClient repository, PeerChannels peers, BackupSettings settings, SourceOpener opener) {
    this.opener = opener;
    this.repository = repository;
    this.settings = settings;
    this.batcher = new ChunkBatcher(repository, new ChunkUploader(repository, peers), new Sealer(), settings);
  }

  /** Leaves out what {@code exclusions} match. */
  public Backup withExclusions(Exclusions exclusions) {
    this.exclusions = exclusions;
    return this;
  }

  /** Skips files {@code index} shows unchanged, and records this run's files in it after the commit. */
  public Backup withIndex(FileIndex index) {
    this.index = index;
    return this;
  }

  /** Reports progress to {@code listener}. */
  public Backup withProgress(ProgressListener listener) {
    this.listener = listener;
    return this;
  }

  /** Backs up {@code roots} and commits a snapshot; returns what was done. */
  public BackupReport run(List<Path> roots) throws IOException {
    int priority = Thread.currentThread().getPriority();
    if (settings.lowPriority()) {
      Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
    }
    try {
      return runScanned(roots, TreeWalker.scan(roots, exclusions));
    } finally {
      Thread.currentThread().setPriority(priority);
    }
  }

  private BackupReport runScanned(List<Path> roots, TreeWalker.Scan scan) throws IOException {
    BackupProgress progress = new BackupProgress(scan.entries(), listener, batcher::uploadedBytes, batcher.placed());
    long startedWallMillis = System.currentTimeMillis();
    Map<Path, IndexedFile> unchanged = index == null ? Map.of()
        : new UnchangedFiles(index, repository).find(scan.entries());
    List<Skipped> skipped = new ArrayList<>(scan.skipped());
    BeginSnapshotResponse snapshot = repository.beginSnapshot(settings.host(),
        roots.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
    LOG.info(() -> "event=backup_started snapshot=" + snapshot.getSnapshotId() + " entries=" + scan.entries().size()
        + " excluded=" + scan.excluded().size() + " unchanged=" + unchanged.size());

    Sealer.warmUpFor(scan.entries().stream().filter(e -> e.kind() == EntryKind.REGULAR
        && !unchanged.containsKey(e.source())).mapToLong(Entry::sizeBytes).sum());
    SourceReader reader = new SourceReader(opener, settings.chunking(), this::claim, progress::read);
    List<PendingFile> pending = new ArrayList<>(scan.entries().size());
    try {
      for (Entry entry : scan.entries()) {
        if (entry.kind() != EntryKind.REGULAR) {
          pending.add(PendingFile.of(entry));
          continue;
        }
        IndexedFile indexed = unchanged.get(entry.source());
        if (indexed != null) {
          pending.add(PendingFile.reused(entry, indexed));
          progress.unchanged(entry.sizeBytes());
          continue;
        }
        try {
          pending.add(reader.read(entry));
        } catch (NoSuchFileException e) {
          skipped.add(new Skipped(entry.snapshotPath(), e.getReason() != null ? e.getReason()
              : "vanished before it could be read"));
        } catch (IOException e) {
          skipped.add(new Skipped(entry.snapshotPath(), e instanceof FileChangedException ? e.getMessage()
              : "unreadable: " + e.getMessage()));
        }
        progress.fileDone();
      }
      batcher.flush();
      batcher.awaitAll();
    } finally {
      batcher.close();
    }
    for (Skipped s : skipped) {
      LOG.warning(() -> "event=skipped path=\"" + s.path() + "\" reason=\"" + s.reason() + "\"");
    }
    addFiles(snapshot.getSnapshotId(), pending);
    BackupReport counted = progress.report(snapshot.getSnapshotId(), pending, unchanged.size(),
        batcher.newChunks(), deduplicated.get() + batcher.knownChunks(), skipped);
    Snapshot committed = repository.commitSnapshot(snapshot.getSnapshotId(), SnapshotStats.newBuilder()
        .setFiles(counted.files())
        .setBytes(counted.bytes())
        .setNewChunks(counted.newChunks())
        .setDeduplicatedChunks(counted.deduplicatedChunks())
        .setUploadedBytes(counted.uploadedBytes())
        .setSkippedFiles(skipped.size())
        .build());
    BackupReport report = committed.getHasAvailability() ? counted.withAvailability(
        new BackupReport.Availability(committed.getAchievedAvailability(), committed.getTargetAvailability()))
        : counted;
    if (report.belowTarget()) {
      LOG.warning(() -> "event=backup_below_target snapshot=" + report.snapshotId() + " availability="
          + report.availability().achieved() + " target=" + report.availability().target());
    }
    if (index != null) {
      new IndexUpdate(index, startedWallMillis).record(roots, pending);
    }
    progress.done();
    LOG.info(() -> "event=backup_committed snapshot=" + report.snapshotId() + " files=" + report.files()
        + " unchanged=" + report.unchangedFiles() + " bytes=" + report.bytes() + " read_bytes=" + report.readBytes()
        + " new_chunks=" + report.newChunks() + " dedup_chunks=" + report.deduplicatedChunks()
        + " uploaded_bytes=" + report.uploadedBytes() + " skipped=" + report.skipped().size());
    return report;
  }

  /** Claims a plaintext for upload the first time this run sees it; later sightings share its id. */
  private CompletableFuture<ChunkId> claim(ByteString hash, byte[] plain) {
    CompletableFuture<ChunkId> mine = new CompletableFuture<>();
    CompletableFuture<ChunkId> existing = claimed.putIfAbsent(hash, mine);
    if (existing == null) {
      batcher.add(hash, plain, mine);
      return mine;
    }
    deduplicated.incrementAndGet();
    return existing;
  }

  private void addFiles(long snapshotId, List<PendingFile> pending) {
    List<FileVersion> versions = new ArrayList<>(FILES_PER_CALL);
    for (PendingFile file : pending) {
      versions.add(file.toVersion());
      if (versions.size() == FILES_PER_CALL) {
        repository.addFiles(snapshotId, versions);
        versions.clear();
      }
    }
    if (!versions.isEmpty()) {
      repository.addFiles(snapshotId, versions);
    }
  }
}
