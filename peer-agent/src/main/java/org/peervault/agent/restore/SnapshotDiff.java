package org.peervault.agent.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.ChunkRef;
import org.peervault.proto.v1.FileKind;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.PlanRestoreRequest;

/**
 * The differences between two snapshots, computed on the agent from their restore listings: paths
 * added, removed, and changed (kind, size, content, mtime, mode or link target; a directory's mtime
 * is not compared, as it moves whenever its contents do). Stateless.
 */
public final class SnapshotDiff {
  private SnapshotDiff() {}

  /** How a path differs. */
  public enum Change { ADDED, REMOVED, CHANGED }

  /**
   * One differing path.
   *
   * @param detail for a change, what changed ("size 10 -> 12, content"); empty otherwise
   */
  public record Difference(Change change, String path, String detail) {}

  /** Every differing path in path order, and counts. */
  public record Result(List<Difference> differences, long added, long removed, long changed, long unchanged) {
    /** One line: {@code 3 added, 1 removed, 2 changed, 120 unchanged}. */
    public String summary() {
      return added + " added, " + removed + " removed, " + changed + " changed, " + unchanged + " unchanged";
    }
  }

  /** Compares snapshot {@code from} with snapshot {@code to} of device {@code deviceId} (0 = this one). */
  public static Result between(RepositoryClient repository, long deviceId, long from, long to) {
    return compare(listing(repository, deviceId, from), listing(repository, deviceId, to));
  }

  static Map<String, FileVersion> listing(RepositoryClient repository, long deviceId, long snapshotId) {
    Map<String, FileVersion> files = new TreeMap<>();
    repository.planRestore(PlanRestoreRequest.newBuilder().setDeviceId(deviceId).setSnapshotId(snapshotId).build(),
        batch -> batch.getFilesList().forEach(f -> files.put(f.getPath(), f)));
    return files;
  }

  static Result compare(Map<String, FileVersion> from, Map<String, FileVersion> to) {
    List<Difference> differences = new ArrayList<>();
    long added = 0;
    long removed = 0;
    long changed = 0;
    long unchanged = 0;
    TreeSet<String> paths = new TreeSet<>(from.keySet());
    paths.addAll(to.keySet());
    for (String path : paths) {
      FileVersion a = from.get(path);
      FileVersion b = to.get(path);
      if (a == null) {
        differences.add(new Difference(Change.ADDED, path, ""));
        added++;
      } else if (b == null) {
        differences.add(new Difference(Change.REMOVED, path, ""));
        removed++;
      } else {
        String detail = changes(a, b);
        if (detail.isEmpty()) {
          unchanged++;
        } else {
          differences.add(new Difference(Change.CHANGED, path, detail));
          changed++;
        }
      }
    }
    return new Result(List.copyOf(differences), added, removed, changed, unchanged);
  }

  private static String changes(FileVersion a, FileVersion b) {
    List<String> what = new ArrayList<>();
    if (a.getKind() != b.getKind()) {
      what.add("kind " + a.getKind() + " -> " + b.getKind());
    }
    if (a.getSizeBytes() != b.getSizeBytes()) {
      what.add("size " + a.getSizeBytes() + " -> " + b.getSizeBytes());
    }
    if (!a.getChunksList().stream().map(ChunkRef::getChunkId).toList()
        .equals(b.getChunksList().stream().map(ChunkRef::getChunkId).toList())) {
      what.add("content");
    }
    if (a.getKind() != FileKind.FILE_KIND_DIRECTORY && a.getMtimeMillis() != b.getMtimeMillis()) {
      what.add("mtime");
    }
    if (a.getMode() != b.getMode()) {
      what.add(String.format("mode %o -> %o", a.getMode(), b.getMode()));
    }
    if (!a.getLinkTarget().equals(b.getLinkTarget())) {
      what.add("link target");
    }
    return String.join(", ", what);
  }
}
