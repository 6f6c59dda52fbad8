package org.peervault.repository.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Devices;

/**
 * The snapshot lifecycle: begin, add file versions, commit, list.
 *
 * <p>A device adds files only to its own open snapshots. Every batch is checked whole before
 * anything is stored (paths, kinds, sizes, chunk ids that exist in the organization with the
 * plain sizes the batch claims), so a bad batch changes nothing. A commit succeeds only when
 * every referenced chunk has the replicas {@link ReplicationPolicy} requires, and records the
 * availability its replicas achieve against the owner's target; committing twice returns the
 * committed snapshot (a retried commit is harmless).
 */
@ApplicationScoped
public class Snapshots {
  private static final Logger LOG = Logger.getLogger(Snapshots.class);
  /** Most file versions in one AddFiles batch. */
  public static final int MAX_FILES_PER_BATCH = 100_000;
  private static final int MAX_ROOTS = 1_000;
  private static final int MAX_HOST_CHARS = 255;
  private static final int SHORTFALL_SAMPLE = 5;

  @Inject
  SnapshotStore snapshots;

  @Inject
  FileVersionStore fileVersions;

  @Inject
  ChunkStore chunks;

  @Inject
  ReplicaStore replicas;

  @Inject
  ReplicationPolicy policy;

  @Inject
  Devices devices;

  /** Opens a snapshot for the caller. */
  @Transactional
  public SnapshotSummary begin(Caller caller, String host, List<String> roots) {
    String h = host == null ? "" : host.strip();
    if (h.length() > MAX_HOST_CHARS || h.chars().anyMatch(Character::isISOControl)) {
      throw PeerVaultException.invalid("invalid-host", "snapshot: host must have at most "
          + MAX_HOST_CHARS + " characters and no control characters");
    }
    if (roots.size() > MAX_ROOTS) {
      throw PeerVaultException.invalid("invalid-roots", "snapshot: at most " + MAX_ROOTS
          + " roots, got " + roots.size());
    }
    for (String root : roots) {
      if (root.isEmpty() || root.indexOf('\0') >= 0 || root.length() > PathRules.MAX_PATH_BYTES) {
        throw PeerVaultException.invalid("invalid-roots", "snapshot: root "
            + PathRules.quote(root) + " must be non-empty, without NUL, at most "
            + PathRules.MAX_PATH_BYTES + " characters");
      }
    }
    Snapshot snapshot = new Snapshot();
    snapshot.device = devices.require(caller, 0);
    snapshot.host = h;
    snapshot.roots = roots.toArray(new String[0]);
    snapshot.startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    snapshot.status = Snapshot.Status.OPEN;
    snapshot.persist();
    LOG.infof("snapshot: begun snapshot=%d device=%d host=\"%s\" roots=%d", snapshot.id,
        caller.deviceId(), h, roots.size());
    return snapshot.summary();
  }

  /**
   * Adds a batch of file versions to the caller's open snapshot; returns how many were stored.
   * A path already in the snapshot is replaced.
   */
  @Transactional
  public int addFiles(Caller caller, long snapshotId, List<FileEntry> files) {
    if (files.size() > MAX_FILES_PER_BATCH) {
      throw PeerVaultException.invalid("batch-too-large", "snapshot " + snapshotId + ": at most "
          + MAX_FILES_PER_BATCH + " file versions per batch, got " + files.size()
          + "; split the batch");
    }
    Set<String> paths = new HashSet<>(files.size() * 2);
    Set<String> chunkIds = new LinkedHashSet<>();
    for (FileEntry f : files) {
      f.problem().ifPresent(reason -> {
        throw refused(snapshotId, f.path(), reason);
      });
      if (!paths.add(f.path())) {
        throw refused(snapshotId, f.path(), "it appears twice in this batch");
      }
      f.chunks().forEach(s -> chunkIds.add(s.chunkId()));
    }
    Snapshot snapshot = ownOpenSnapshot(caller, snapshotId, snapshots.lockShared(snapshotId)
        .orElse(null));
    Map<String, ChunkStore.Content> known = chunkIds.isEmpty() ? Map.of()
        : chunks.contents(caller.organizationId(), chunkIds);
    for (FileEntry f : files) {
      for (FileEntry.Slice s : f.chunks()) {
        ChunkStore.Content content = known.get(s.chunkId());
        // Only who knows a chunk's plaintext may reference it: a peer knows the ids of the chunks
        // it stores, never their plaintext hashes. The message tells nothing about the chunk.
        if (content == null || content.plainSizeBytes() != s.plainSizeBytes() || s.plainHash() == null
            || !MessageDigest.isEqual(content.plainHash(), s.plainHash())) {
          throw refused(snapshotId, f.path(), "chunk " + Chunk.shortId(s.chunkId()) + " is not stored"
              + " with this content (plain size and hash); store it on peers and ConfirmReplicas first");
        }
      }
    }
    fileVersions.replace(snapshot.id, files);
    LOG.debugf("snapshot: files added snapshot=%d device=%d files=%d chunks=%d", snapshot.id,
        caller.deviceId(), files.size(), chunkIds.size());
    return files.size();
  }

  /**
   * Commits the caller's snapshot with the agent's stats, once every chunk it references has
   * enough replicas.
   */
  @Transactional
  public SnapshotSummary commit(Caller caller, long snapshotId, SnapshotStats stats) {
    Snapshot snapshot = snapshots.lockExclusive(snapshotId)
        .filter(s -> s.device.id == caller.deviceId())
        .orElseThrow(() -> notFound(snapshotId));
    if (snapshot.status == Snapshot.Status.COMMITTED) {
      return snapshot.summary();
    }
    int required = policy.requiredReplicas();
    ReplicaStore.Shortfall shortfall = replicas.underReplicated(snapshotId, required,
        SHORTFALL_SAMPLE);
    if (shortfall.count() > 0) {
      String sample = String.join(", ", shortfall.sample());
      throw PeerVaultException.precondition("chunks-under-replicated", "commit: snapshot "
          + snapshotId + " references " + shortfall.count() + " chunk(s) with fewer than "
          + required + " confirmed replicas (" + sample
          + (shortfall.count() > shortfall.sample().size() ? ", ..." : "")
          + "); store them on more peers, ConfirmReplicas, then commit again");
    }
    SnapshotAvailability availability = policy.assess(caller, replicas.holderSets(snapshotId));
    snapshot.setStats(stats);
    snapshot.setAvailability(availability);
    snapshot.committedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    snapshot.status = Snapshot.Status.COMMITTED;
    LOG.infof("snapshot: committed snapshot=%d device=%d files=%d bytes=%d newChunks=%d"
        + " deduplicatedChunks=%d uploadedBytes=%d availability=%.6f target=%.6f", snapshotId,
        caller.deviceId(), stats.files(), stats.bytes(), stats.newChunks(),
        stats.deduplicatedChunks(), stats.uploadedBytes(), availability.achieved(),
        availability.target());
    if (availability.belowTarget()) {
      LOG.warnf("snapshot: below target snapshot=%d device=%d availability=%.6f target=%.6f",
          snapshotId, caller.deviceId(), availability.achieved(), availability.target());
    }
    return snapshot.summary();
  }

  /** The committed snapshots of a device of the caller's organization (0: the caller). */
  @Transactional
  public List<SnapshotSummary> list(Caller caller, long deviceId) {
    Device device = devices.require(caller, deviceId);
    return snapshots.listCommitted(device.id).stream().map(Snapshot::summary).toList();
  }

  private static Snapshot ownOpenSnapshot(Caller caller, long snapshotId, Snapshot snapshot) {
    if (snapshot == null || snapshot.device.id != caller.deviceId()) {
      throw notFound(snapshotId);
    }
    if (snapshot.status != Snapshot.Status.OPEN) {
      throw PeerVaultException.precondition("snapshot-committed", "snapshot " + snapshotId
          + " is already committed; begin a new snapshot to add files");
    }
    return snapshot;
  }

  private static PeerVaultException notFound(long snapshotId) {
    return PeerVaultException.notFound("snapshot-not-found", "snapshot " + snapshotId
        + " does not exist or is not one of this device's snapshots");
  }

  private static PeerVaultException refused(long snapshotId, String path, String reason) {
    return PeerVaultException.invalid("invalid-file-version", "snapshot " + snapshotId
        + ": refusing file version " + PathRules.quote(path) + ": " + reason
        + "; nothing of this batch was stored");
  }
}
