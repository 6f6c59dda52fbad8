package org.peervault.repository.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.peervault.repository.Jdbc;

/**
 * What retention reads and removes of snapshots and file versions, set-based. Callers provide the
 * transaction.
 */
@ApplicationScoped
public class VersionStore {

  @Inject
  Jdbc jdbc;

  /**
   * A device with snapshots.
   *
   * @param newestSnapshotId its newest committed snapshot, 0 when none is committed
   * @param restorePending whether a restore request from it is pending (retention skips it)
   */
  public record DeviceFacts(long deviceId, long organizationId, String deviceGroup,
      long newestSnapshotId, boolean restorePending) {}

  /** A snapshot that may hold expired versions; {@code takenAt}: commit (or start, when open). */
  public record Candidate(long snapshotId, Instant takenAt) {}

  /** A file version's id and path. */
  public record Version(long id, String path) {}

  /** Every device of the organization that has snapshots. */
  public List<DeviceFacts> devicesWithSnapshots(long organizationId) {
    String sql = "SELECT d.id, d.organization_id, d.device_group,"
        + " (SELECT s.id FROM snapshot s WHERE s.device_id = d.id AND s.status = 'COMMITTED'"
        + "  ORDER BY s.committed_at DESC, s.id DESC LIMIT 1),"
        + " EXISTS (SELECT 1 FROM restore_request rr WHERE rr.source_device_id = d.id"
        + "  AND rr.status = 'PENDING')"
        + " FROM device d WHERE d.organization_id = ?"
        + " AND EXISTS (SELECT 1 FROM snapshot s WHERE s.device_id = d.id) ORDER BY d.id";
    return query(sql, (c, ps) -> ps.setLong(1, organizationId), rs -> new DeviceFacts(rs.getLong(1), rs.getLong(2),
        rs.getString(3), rs.getLong(4), rs.getBoolean(5)));
  }

  /** The device's snapshots taken before {@code before}, but its newest, oldest first. */
  public List<Candidate> candidates(long deviceId, long newestSnapshotId, Instant before,
      int limit) {
    String sql = "SELECT id, coalesce(committed_at, started_at) FROM snapshot WHERE device_id = ?"
        + " AND id <> ? AND coalesce(committed_at, started_at) < ?"
        + " ORDER BY coalesce(committed_at, started_at), id LIMIT ?";
    return query(sql, (c, ps) -> {
      ps.setLong(1, deviceId);
      ps.setLong(2, newestSnapshotId);
      ps.setObject(3, Jdbc.utc(before));
      ps.setInt(4, limit);
    }, rs -> new Candidate(rs.getLong(1), Jdbc.instant(rs, 2)));
  }

  /** A page of a snapshot's file versions by id. */
  public List<Version> versions(long snapshotId, long afterId, int limit) {
    String sql = "SELECT id, path FROM file_version WHERE snapshot_id = ? AND id > ?"
        + " ORDER BY id LIMIT ?";
    return query(sql, (c, ps) -> {
      ps.setLong(1, snapshotId);
      ps.setLong(2, afterId);
      ps.setInt(3, limit);
    }, rs -> new Version(rs.getLong(1), rs.getString(2)));
  }

  /** Removes file versions (and their chunk refs); returns how many. */
  public int deleteVersions(Collection<Long> ids) {
    return update("DELETE FROM file_version WHERE id = ANY (?)",
        (c, ps) -> ps.setArray(1, c.createArrayOf("bigint", ids.toArray())));
  }

  /** Removes every file version of a snapshot; returns how many. */
  public int deleteVersionsOf(long snapshotId) {
    return update("DELETE FROM file_version WHERE snapshot_id = ?",
        (c, ps) -> ps.setLong(1, snapshotId));
  }

  /**
   * Removes a snapshot left without file versions, unless a restore request names it (its row
   * stays as that request's record); returns whether it was removed.
   */
  public boolean deleteIfEmpty(long snapshotId) {
    return update("DELETE FROM snapshot s WHERE s.id = ?"
        + " AND NOT EXISTS (SELECT 1 FROM file_version fv WHERE fv.snapshot_id = s.id)"
        + " AND NOT EXISTS (SELECT 1 FROM restore_request rr WHERE rr.snapshot_id = s.id)",
        (c, ps) -> ps.setLong(1, snapshotId)) > 0;
  }

  /** Takes the snapshot row's lock, so no file versions are added while it expires. */
  public void lock(long snapshotId) {
    query("SELECT id FROM snapshot WHERE id = ? FOR UPDATE", (c, ps) -> ps.setLong(1, snapshotId),
        rs -> rs.getLong(1));
  }

  private <T> List<T> query(String sql, Jdbc.Binder binder, Jdbc.RowReader<T> reader) {
    return jdbc.query("retention: reading snapshots", sql, binder, reader);
  }

  private int update(String sql, Jdbc.Binder binder) {
    return jdbc.update("retention: removing expired versions", sql, binder);
  }
}
