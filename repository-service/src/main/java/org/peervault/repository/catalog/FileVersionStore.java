package org.peervault.repository.catalog;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Data access for file versions and their chunk refs, set-based: adding a batch of any size is
 * three statements (delete replaced paths, insert versions, insert refs), reading a page of a
 * restore is two. Callers provide the transaction.
 */
@ApplicationScoped
public class FileVersionStore {

  @Inject
  AgroalDataSource dataSource;

  /** A stored file version with its id, as restores page through them. */
  public record Stored(long id, FileEntry entry) {}

  /**
   * Adds file versions to a snapshot. A path already in the snapshot is replaced, so a batch
   * retried after a lost response is harmless. Paths must be unique within {@code files}.
   */
  public void replace(long snapshotId, List<FileEntry> files) {
    if (files.isEmpty()) {
      return;
    }
    int n = files.size();
    String[] paths = new String[n];
    String[] kinds = new String[n];
    Long[] sizes = new Long[n];
    Integer[] modes = new Integer[n];
    Long[] mtimes = new Long[n];
    String[] targets = new String[n];
    for (int i = 0; i < n; i++) {
      FileEntry f = files.get(i);
      paths[i] = f.path();
      kinds[i] = f.kind().name();
      sizes[i] = f.sizeBytes();
      modes[i] = f.mode();
      mtimes[i] = f.mtimeMillis();
      targets[i] = f.kind() == FileVersion.Kind.SYMLINK ? f.linkTarget() : null;
    }
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM file_version WHERE snapshot_id = ? AND path = ANY (?)")) {
        ps.setLong(1, snapshotId);
        ps.setArray(2, c.createArrayOf("text", paths));
        ps.executeUpdate();
      }
      Map<String, Long> ids = new HashMap<>(n * 2);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO file_version (snapshot_id,"
          + " path, kind, size_bytes, mode, mtime_millis, link_target)"
          + " SELECT ?, u.p, u.k, u.s, u.m, u.t, u.l FROM unnest(?::text[], ?::text[],"
          + " ?::bigint[], ?::integer[], ?::bigint[], ?::text[]) AS u(p, k, s, m, t, l)"
          + " RETURNING id, path")) {
        ps.setLong(1, snapshotId);
        ps.setArray(2, c.createArrayOf("text", paths));
        ps.setArray(3, c.createArrayOf("text", kinds));
        ps.setArray(4, c.createArrayOf("bigint", sizes));
        ps.setArray(5, c.createArrayOf("integer", modes));
        ps.setArray(6, c.createArrayOf("bigint", mtimes));
        ps.setArray(7, c.createArrayOf("text", targets));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.put(rs.getString(2), rs.getLong(1));
          }
        }
      }
      insertRefs(c, files, ids);
    } catch (SQLException e) {
      throw new PersistenceException("catalog: adding file versions to snapshot " + snapshotId
          + " failed", e);
    }
  }

  private static void insertRefs(Connection c, List<FileEntry> files, Map<String, Long> ids)
      throws SQLException {
    List<Long> versionIds = new ArrayList<>();
    List<Integer> seqs = new ArrayList<>();
    List<String> chunkIds = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (FileEntry f : files) {
      long id = ids.get(f.path());
      for (int seq = 0; seq < f.chunks().size(); seq++) {
        versionIds.add(id);
        seqs.add(seq);
        chunkIds.add(f.chunks().get(seq).chunkId());
        sizes.add(f.chunks().get(seq).plainSizeBytes());
      }
    }
    if (versionIds.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO chunk_ref (file_version_id,"
        + " seq, chunk_id, plain_size_bytes) SELECT * FROM unnest(?::bigint[], ?::integer[],"
        + " ?::text[], ?::bigint[])")) {
      ps.setArray(1, c.createArrayOf("bigint", versionIds.toArray()));
      ps.setArray(2, c.createArrayOf("integer", seqs.toArray()));
      ps.setArray(3, c.createArrayOf("text", chunkIds.toArray()));
      ps.setArray(4, c.createArrayOf("bigint", sizes.toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * The next page of a snapshot's file versions in path order.
   *
   * @param afterPath return paths after this one ("" for the first page)
   * @param filters paths to keep with what lies below them; empty keeps everything
   */
  public List<Stored> pageOfSnapshot(long snapshotId, String afterPath, List<String> filters,
      int limit) {
    String sql = "SELECT fv.id, fv.path, fv.kind, fv.size_bytes, fv.mode, fv.mtime_millis,"
        + " fv.link_target FROM file_version fv WHERE fv.snapshot_id = ? AND fv.path > ?"
        + filterClause(filters) + " ORDER BY fv.path LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, snapshotId);
      ps.setString(i++, afterPath);
      if (!filters.isEmpty()) {
        ps.setArray(i++, c.createArrayOf("text", filters.toArray()));
      }
      ps.setInt(i, limit);
      return readPage(c, ps);
    } catch (SQLException e) {
      throw new PersistenceException("catalog: reading snapshot " + snapshotId + " failed", e);
    }
  }

  /**
   * The next page, in path order, of the newest version of each path among a device's
   * snapshots committed at or before {@code at} (paper 3.1.3: point-in-time restore).
   */
  public List<Stored> pageAtTime(long deviceId, Instant at, String afterPath,
      List<String> filters, int limit) {
    String sql = "SELECT DISTINCT ON (fv.path) fv.id, fv.path, fv.kind, fv.size_bytes, fv.mode,"
        + " fv.mtime_millis, fv.link_target FROM file_version fv"
        + " JOIN snapshot s ON s.id = fv.snapshot_id"
        + " WHERE s.device_id = ? AND s.status = 'COMMITTED' AND s.committed_at <= ?"
        + " AND fv.path > ?" + filterClause(filters)
        + " ORDER BY fv.path, s.committed_at DESC, s.id DESC LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, deviceId);
      ps.setObject(i++, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(i++, afterPath);
      if (!filters.isEmpty()) {
        ps.setArray(i++, c.createArrayOf("text", filters.toArray()));
      }
      ps.setInt(i, limit);
      return readPage(c, ps);
    } catch (SQLException e) {
      throw new PersistenceException("catalog: reading versions of device " + deviceId
          + " failed", e);
    }
  }

  private static String filterClause(List<String> filters) {
    return filters.isEmpty() ? "" : " AND EXISTS (SELECT 1 FROM unnest(?::text[]) AS f(p)"
        + " WHERE fv.path = f.p OR starts_with(fv.path, f.p || '/'))";
  }

  private static List<Stored> readPage(Connection c, PreparedStatement ps) throws SQLException {
    List<Long> order = new ArrayList<>();
    Map<Long, FileEntry> bare = new HashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long id = rs.getLong(1);
        order.add(id);
        bare.put(id, new FileEntry(rs.getString(2), FileVersion.Kind.valueOf(rs.getString(3)),
            rs.getLong(4), rs.getInt(5), rs.getLong(6),
            rs.getString(7) == null ? "" : rs.getString(7), List.of()));
      }
    }
    if (order.isEmpty()) {
      return List.of();
    }
    Map<Long, List<FileEntry.Slice>> slices = new HashMap<>();
    try (PreparedStatement refs = c.prepareStatement("SELECT file_version_id, chunk_id,"
        + " plain_size_bytes FROM chunk_ref WHERE file_version_id = ANY (?)"
        + " ORDER BY file_version_id, seq")) {
      refs.setArray(1, c.createArrayOf("bigint", bare.keySet().toArray()));
      try (ResultSet rs = refs.executeQuery()) {
        while (rs.next()) {
          slices.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
              .add(new FileEntry.Slice(rs.getString(2), rs.getLong(3)));
        }
      }
    }
    List<Stored> page = new ArrayList<>(order.size());
    for (long id : order) {
      FileEntry f = bare.get(id);
      page.add(new Stored(id, new FileEntry(f.path(), f.kind(), f.sizeBytes(), f.mode(),
          f.mtimeMillis(), f.linkTarget(), slices.getOrDefault(id, List.of()))));
    }
    return page;
  }
}
