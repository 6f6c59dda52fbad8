package org.peervault.agent.restore;

import java.nio.file.Path;
import java.util.List;

/**
 * What to restore and where.
 *
 * @param target the directory files are written under; nothing is written outside it
 * @param deviceId whose backups (0 = this device)
 * @param snapshotId one snapshot exactly, or 0 to choose per path by {@code atMillis}
 * @param atMillis per path, the newest version at or before this time (0 = now)
 * @param paths only these snapshot paths and what lies below them; empty = everything
 * @param existing what to do with files already in the target
 */
public record RestoreRequest(Path target, long deviceId, long snapshotId, long atMillis, List<String> paths,
    ExistingFiles existing) {
  public RestoreRequest {
    paths = List.copyOf(paths);
  }

  /** A request that overwrites existing files. */
  public RestoreRequest(Path target, long deviceId, long snapshotId, long atMillis, List<String> paths) {
    this(target, deviceId, snapshotId, atMillis, paths, ExistingFiles.OVERWRITE);
  }
}
