package org.peervault.agent.backup;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.Chunk;
import org.peervault.agent.chunk.ChunkStream;
import org.peervault.agent.chunk.Chunker;
import org.peervault.agent.chunk.ChunkerParams;
import org.peervault.agent.chunk.Hashes;
import org.peervault.agent.scan.Entry;
import org.peervault.agent.scan.EntryKind;
import org.peervault.agent.scan.Skipped;
import org.peervault.agent.scan.TreeWalker;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkUploader;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.BeginSnapshotResponse;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.SnapshotStats;

/**
 * Runs one backup of a set of roots for the device the repository client speaks for.
 *
 * <p>The calling thread reads and chunks files; full batches of new chunks go to a bounded number
 * of batch workers that look up keys, seal on a CPU pool, place, upload on an I/O pool and confirm.
 * Each distinct plaintext is claimed once per run, so a repeated chunk is never sealed or sent
 * twice, even while its first copy is still in flight. Memory stays bounded by the batch window.
 * One instance per run.
 */
public final class Backup {
  private static final Logger LOG = Logger.getLogger(Backup.class.getName());
  private static final int FILES_PER_CALL = 1000;

  private final RepositoryClient repository;
  private final ChunkerParams chunking;
  private final BackupSettings settings;
  private final ChunkBatcher batcher;
  private final SourceOpener opener;
  private final Map<ByteString, CompletableFuture<ChunkId>> claimed = new ConcurrentHashMap<>();
  private final AtomicLong deduplicated = new AtomicLong();

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
    this.chunking = settings.chunking();
    this.settings = settings;
    this.batcher = new ChunkBatcher(repository, new ChunkUploader(repository, peers), new Sealer(), settings);
  }

  /** Backs up {@code roots} and commits a snapshot; returns what was done. */
  public BackupReport run(List<Path> roots) throws IOException {
    long started = System.nanoTime();
    TreeWalker.Scan scan = TreeWalker.scan(roots);
    List<Skipped> skipped = new ArrayList<>(scan.skipped());
    BeginSnapshotResponse snapshot = repository.beginSnapshot(settings.host(),
        roots.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
    LOG.info(() -> "event=backup_started snapshot=" + snapshot.getSnapshotId() + " entries=" + scan.entries().size());

    List<PendingFile> pending = new ArrayList<>(scan.entries().size());
    long files = 0;
    long directories = 0;
    long symlinks = 0;
    long bytes = 0;
    try {
      for (Entry entry : scan.entries()) {
        switch (entry.kind()) {
          case DIRECTORY -> directories++;
          case SYMLINK -> symlinks++;
          case REGULAR -> { }
        }
        if (entry.kind() != EntryKind.REGULAR) {
          pending.add(new PendingFile(entry, entry.sizeBytes(), List.of()));
          continue;
        }
        try {
          PendingFile file = read(entry);
          pending.add(file);
          files++;
          bytes += file.sizeBytes();
        } catch (NoSuchFileException e) {
          skipped.add(new Skipped(entry.snapshotPath(), "vanished before it could be read"));
        } catch (IOException e) {
          skipped.add(new Skipped(entry.snapshotPath(), "unreadable: " + e.getMessage()));
        }
      }
      batcher.flush();
      batcher.awaitAll();
    } finally {
      batcher.close();
    }
    for (Skipped s : skipped) {
      LOG.warning(() -> "event=skipped path=\"" + s.path() + "\" reason=\"" + s.reason() + "\"");
    }

    List<FileVersion> versions = new ArrayList<>(FILES_PER_CALL);
    for (PendingFile file : pending) {
      versions.add(file.toVersion());
      if (versions.size() == FILES_PER_CALL) {
        repository.addFiles(snapshot.getSnapshotId(), versions);
        versions.clear();
      }
    }
    if (!versions.isEmpty()) {
      repository.addFiles(snapshot.getSnapshotId(), versions);
    }
    SnapshotStats stats = SnapshotStats.newBuilder()
        .setFiles(files)
        .setBytes(bytes)
        .setNewChunks(batcher.newChunks())
        .setDeduplicatedChunks(deduplicated.get() + batcher.knownChunks())
        .setUploadedBytes(batcher.uploadedBytes())
        .setSkippedFiles(skipped.size())
        .build();
    repository.commitSnapshot(snapshot.getSnapshotId(), stats);
    BackupReport report = new BackupReport(snapshot.getSnapshotId(), files, directories, symlinks, bytes,
        batcher.newChunks(), deduplicated.get() + batcher.knownChunks(), batcher.uploadedBytes(), List.copyOf(skipped),
        Duration.ofNanos(System.nanoTime() - started));
    LOG.info(() -> "event=backup_committed snapshot=" + report.snapshotId() + " files=" + report.files()
        + " bytes=" + report.bytes() + " new_chunks=" + report.newChunks() + " dedup_chunks="
        + report.deduplicatedChunks() + " uploaded_bytes=" + report.uploadedBytes() + " skipped="
        + report.skipped().size());
    return report;
  }

  /** Chunks one file, claiming each distinct plaintext for upload once per run. */
  private PendingFile read(Entry entry) throws IOException {
    List<ChunkPart> parts = new ArrayList<>();
    long size = 0;
    try (InputStream in = opener.open(entry.source());
        ChunkStream chunks = new Chunker(chunking).split(in)) {
      Chunk chunk;
      while ((chunk = chunks.next()) != null) {
        ByteString hash = ByteString.copyFrom(Hashes.sha256(chunk.data()));
        CompletableFuture<ChunkId> mine = new CompletableFuture<>();
        CompletableFuture<ChunkId> existing = claimed.putIfAbsent(hash, mine);
        if (existing == null) {
          batcher.add(hash, chunk.data(), mine);
        } else {
          deduplicated.incrementAndGet();
        }
        parts.add(new ChunkPart(existing == null ? mine : existing, chunk.data().length));
        size += chunk.data().length;
      }
    }
    return new PendingFile(entry, size, parts);
  }

  private record ChunkPart(CompletableFuture<ChunkId> id, int plainSize) {}

  /** A scanned entry with its content resolved to chunks (ids known once uploads finish). */
  private record PendingFile(Entry entry, long sizeBytes, List<ChunkPart> parts) {
    FileVersion toVersion() {
      FileVersion.Builder version = FileVersion.newBuilder()
          .setPath(entry.snapshotPath())
          .setKind(switch (entry.kind()) {
            case REGULAR -> FileKind.FILE_KIND_REGULAR;
            case DIRECTORY -> FileKind.FILE_KIND_DIRECTORY;
            case SYMLINK -> FileKind.FILE_KIND_SYMLINK;
          })
          .setSizeBytes(sizeBytes)
          .setMode(entry.mode())
          .setMtimeMillis(entry.mtimeMillis())
          .setLinkTarget(entry.linkTarget());
      for (ChunkPart part : parts) {
        version.addChunks(ChunkRef.newBuilder()
            .setChunkId(part.id().join().hex())
            .setPlainSizeBytes(part.plainSize()));
      }
      return version.build();
    }
  }
}
