package org.peervault.repository.restore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peervault.repository.PeerVaultException;
import org.peervault.repository.catalog.ChunkStore;
import org.peervault.repository.catalog.FileEntry;
import org.peervault.repository.catalog.FileVersionStore;
import org.peervault.repository.catalog.PathRules;
import org.peervault.repository.catalog.ReplicationPolicy;
import org.peervault.repository.catalog.Snapshot;
import org.peervault.repository.catalog.SnapshotStore;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Devices;
import org.peervault.repository.keys.KeyRing;

/**
 * Resolves restore requests and reads them batch by batch, each batch in its own short
 * transaction (keyset pagination by path), so a long restore holds no connection while the
 * agent is slow to read. A device may restore its own files; another device's only on behalf of
 * that device's signed-in owner or an admin (see {@link Devices#require}), or when a pending
 * {@link RestoreRequest} targets it.
 */
@ApplicationScoped
public class RestorePlanner {
  /** Most file versions per batch. */
  public static final int BATCH_FILES = 500;
  /** Most chunk references per batch (unless one file alone has more). */
  public static final int MAX_CHUNK_REFS = 8192;
  private static final int MAX_FILTERS = 1000;

  @Inject
  Devices devices;

  @Inject
  SnapshotStore snapshots;

  @Inject
  RestoreRequests restoreRequests;

  @Inject
  FileVersionStore fileVersions;

  @Inject
  ChunkStore chunks;

  @Inject
  KeyRing keyRing;

  @Inject
  ReplicationPolicy policy;

  /**
   * Resolves a request.
   *
   * @param deviceId whose files, 0 for the caller
   * @param snapshotId a committed snapshot of that device, or 0 to select by time
   * @param atMillis with snapshot 0: per path the newest version at or before this time, 0 = now
   * @param paths paths to restore with what lies below them; empty for everything
   * @throws PeerVaultException NOT_FOUND for an unknown device or snapshot, INVALID_ARGUMENT for
   *     a bad time or path
   */
  @Transactional
  public RestorePlan plan(Caller caller, long deviceId, long snapshotId, long atMillis,
      List<String> paths) {
    Device device;
    long snapshot = snapshotId;
    long at = atMillis;
    List<String> wanted = paths;
    try {
      device = devices.require(caller, deviceId);
    } catch (PeerVaultException denied) {
      // Not the caller's to restore, unless an admin's pending request names it the target: then
      // exactly what the request names, and nothing else of the source device.
      RestoreRequest request = restoreRequests.grant(caller, deviceId).orElseThrow(() -> denied);
      device = devices.requireInOrganization(caller, deviceId);
      snapshot = request.snapshotId == null ? 0 : request.snapshotId;
      at = request.atTime == null ? 0 : request.atTime.toEpochMilli();
      wanted = withinRequest(paths, List.of(request.paths), request.id);
    }
    return planFor(caller, device, snapshot, at, wanted);
  }

  private RestorePlan planFor(Caller caller, Device device, long snapshotId, long atMillis,
      List<String> paths) {
    if (atMillis < 0 || snapshotId < 0) {
      throw PeerVaultException.invalid("invalid-restore", "restore: snapshot_id and at_millis"
          + " must not be negative");
    }
    List<String> filters = filters(paths);
    if (snapshotId != 0) {
      Snapshot snapshot = snapshots.findCommitted(snapshotId)
          .filter(s -> s.device.id.equals(device.id))
          .orElseThrow(() -> PeerVaultException.notFound("snapshot-not-found", "restore:"
              + " snapshot " + snapshotId + " is not a committed snapshot of device "
              + device.id));
      return new RestorePlan(caller.organizationId(), device.id, snapshot.id,
          snapshot.committedAt, filters);
    }
    Instant at = atMillis == 0 ? Instant.now() : Instant.ofEpochMilli(atMillis);
    return new RestorePlan(caller.organizationId(), device.id, 0, at, filters);
  }

  /** The filters a restore request allows: its own paths, or filters that lie below one of them. */
  private static List<String> withinRequest(List<String> asked, List<String> allowed, long requestId) {
    if (allowed.isEmpty()) {
      return asked;
    }
    if (asked.isEmpty()) {
      return allowed;
    }
    for (String p : asked) {
      boolean inside = allowed.stream().anyMatch(a -> p.equals(a) || p.startsWith(a + "/"));
      if (!inside) {
        throw PeerVaultException.denied("outside-restore-request", "restore: path \"" + p
            + "\" is not part of restore request " + requestId);
      }
    }
    return asked;
  }

  /**
   * The batch after {@code afterPath}, or an empty batch when the restore is complete.
   *
   * @param sentChunks ids of chunks already sent in this restore; updated with this batch's
   */
  @Transactional
  public Page page(RestorePlan plan, String afterPath, Set<String> sentChunks) {
    List<FileVersionStore.Stored> stored = plan.snapshotId() != 0
        ? fileVersions.pageOfSnapshot(plan.snapshotId(), afterPath, plan.filters(), BATCH_FILES)
        : fileVersions.pageAtTime(plan.deviceId(), plan.at(), afterPath, plan.filters(),
            BATCH_FILES);
    // Cut the batch early when its files reference many chunks, so that a batch stays far
    // below gRPC's default 4 MiB inbound limit of the agent (a file is never split).
    List<FileEntry> files = new ArrayList<>(stored.size());
    Set<String> needed = new LinkedHashSet<>();
    int refs = 0;
    for (FileVersionStore.Stored s : stored) {
      FileEntry f = s.entry();
      if (!files.isEmpty() && refs + f.chunks().size() > MAX_CHUNK_REFS) {
        break;
      }
      files.add(f);
      refs += f.chunks().size();
      for (FileEntry.Slice slice : f.chunks()) {
        if (!sentChunks.contains(slice.chunkId())) {
          needed.add(slice.chunkId());
        }
      }
    }
    List<RestoreBatch.ChunkLocation> locations = new ArrayList<>(needed.size());
    if (!needed.isEmpty()) {
      Instant liveSince = Instant.now().minus(policy.liveWindow());
      Map<String, ChunkStore.Located> located = chunks.locate(plan.organizationId(), needed);
      for (String id : needed) {
        ChunkStore.Located c = located.get(id);
        if (c == null) {
          throw new IllegalStateException("restore: chunk " + id + " referenced by device "
              + plan.deviceId() + " is missing from organization " + plan.organizationId());
        }
        locations.add(new RestoreBatch.ChunkLocation(id,
            keyRing.chunkKey(plan.organizationId(), c.keyVersion(), c.plainHash()),
            c.storedSizeBytes(), liveFirst(c.replicas(), liveSince)));
      }
      sentChunks.addAll(needed);
    }
    String last = files.isEmpty() ? afterPath : files.get(files.size() - 1).path();
    boolean complete = stored.size() < BATCH_FILES && files.size() == stored.size();
    return new Page(new RestoreBatch(files, locations), last, complete);
  }

  /**
   * One page of a restore.
   *
   * @param lastPath the path to continue after
   * @param complete whether no further page exists
   */
  public record Page(RestoreBatch batch, String lastPath, boolean complete) {}

  /** The holders as fetches should try them: live ones first, each group in the given order. */
  public static List<RestoreBatch.Holder> liveFirst(List<ChunkStore.Holder> holders,
      Instant liveSince) {
    List<RestoreBatch.Holder> live = new ArrayList<>();
    List<RestoreBatch.Holder> rest = new ArrayList<>();
    for (ChunkStore.Holder h : holders) {
      boolean isLive = h.lastSeenAt() != null && !h.lastSeenAt().isBefore(liveSince);
      (isLive ? live : rest).add(new RestoreBatch.Holder(h.deviceId(), h.peerAddress()));
    }
    live.addAll(rest);
    return live;
  }

  private static List<String> filters(List<String> paths) {
    if (paths.size() > MAX_FILTERS) {
      throw PeerVaultException.invalid("invalid-restore", "restore: at most " + MAX_FILTERS
          + " paths, got " + paths.size());
    }
    Set<String> result = new LinkedHashSet<>();
    for (String path : paths) {
      String p = path;
      while (p.length() > 1 && p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      String checked = p;
      PathRules.problem(checked).ifPresent(reason -> {
        throw PeerVaultException.invalid("invalid-path", "restore: refusing path "
            + PathRules.quote(path) + ": " + reason);
      });
      result.add(checked);
    }
    return List.copyOf(result);
  }
}
