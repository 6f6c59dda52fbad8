package org.peervault.repository.catalog;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data access for replicas, set-based: one SQL statement per method. Only CONFIRMED replicas on
 * ACTIVE devices count. Callers provide the transaction.
 */
@ApplicationScoped
public class ReplicaStore {

  @Inject
  AgroalDataSource dataSource;

  /** A (chunk, device) pair. */
  public record Pair(String chunkId, long deviceId) {}

  /**
   * Chunks of a snapshot with too few replicas.
   *
   * @param count how many chunks lack replicas
   * @param sample the first few of their ids, sorted
   */
  public record Shortfall(int count, List<String> sample) {}

  /**
   * Records confirmed replicas, ignoring pairs already confirmed or retired; a LOST replica that
   * is confirmed again (its peer stored the chunk anew) becomes CONFIRMED. Returns rows added or
   * revived.
   */
  public int insertIfAbsent(Collection<Pair> pairs) {
    if (pairs.isEmpty()) {
      return 0;
    }
    String[] chunkIds = new String[pairs.size()];
    Long[] deviceIds = new Long[pairs.size()];
    int i = 0;
    for (Pair pair : pairs) {
      chunkIds[i] = pair.chunkId();
      deviceIds[i++] = pair.deviceId();
    }
    String sql = "INSERT INTO replica (chunk_id, device_id, state, confirmed_at)"
        + " SELECT u.c, u.d, 'CONFIRMED', ? FROM unnest(?::text[], ?::bigint[]) AS u(c, d)"
        + " ON CONFLICT (chunk_id, device_id) DO UPDATE SET state = 'CONFIRMED',"
        + " confirmed_at = excluded.confirmed_at WHERE replica.state = 'LOST'";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setArray(2, c.createArrayOf("text", chunkIds));
      ps.setArray(3, c.createArrayOf("bigint", deviceIds));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("catalog: recording replicas failed", e);
    }
  }

  /** For each of these chunks that has replicas, the active devices holding one. */
  public Map<String, Set<Long>> holders(Collection<String> chunkIds) {
    String sql = "SELECT r.chunk_id, r.device_id FROM replica r JOIN device d ON d.id ="
        + " r.device_id WHERE r.chunk_id = ANY (?) AND r.state = 'CONFIRMED'"
        + " AND d.status = 'ACTIVE'";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", chunkIds.toArray(new String[0])));
      Map<String, Set<Long>> result = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getLong(2));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new PersistenceException("catalog: replica lookup failed", e);
    }
  }

  /** Stored bytes (sum of stored chunk sizes) of the replicas each of these devices holds. */
  public Map<Long, Long> storedBytes(Collection<Long> deviceIds) {
    Map<Long, Long> result = new HashMap<>();
    holdings(deviceIds).forEach((device, held) -> result.put(device, held.storedBytes()));
    return result;
  }

  /** What a peer holds for others: replica count and stored bytes. */
  public record Holding(long replicas, long storedBytes) {}

  /** The replicas each of these devices holds (devices holding none are absent). */
  public Map<Long, Holding> holdings(Collection<Long> deviceIds) {
    String sql = "SELECT r.device_id, count(*), coalesce(sum(c.stored_size_bytes), 0)"
        + " FROM replica r JOIN chunk c ON c.id = r.chunk_id WHERE r.device_id = ANY (?)"
        + " GROUP BY r.device_id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("bigint", deviceIds.toArray(new Long[0])));
      Map<Long, Holding> result = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(rs.getLong(1), new Holding(rs.getLong(2), rs.getLong(3)));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new PersistenceException("catalog: replica holdings lookup failed", e);
    }
  }

  /**
   * The chunks referenced by a snapshot that have fewer than {@code required} replicas.
   *
   * @param sampleSize how many of their ids to return
   */
  public Shortfall underReplicated(long snapshotId, int required, int sampleSize) {
    String sql = "WITH used AS (SELECT DISTINCT cr.chunk_id FROM chunk_ref cr"
        + " JOIN file_version fv ON fv.id = cr.file_version_id WHERE fv.snapshot_id = ?),"
        + " short AS (SELECT u.chunk_id FROM used u"
        + " LEFT JOIN replica r ON r.chunk_id = u.chunk_id AND r.state = 'CONFIRMED'"
        + " LEFT JOIN device d ON d.id = r.device_id AND d.status = 'ACTIVE'"
        + " GROUP BY u.chunk_id HAVING count(d.id) < ?)"
        + " SELECT chunk_id, count(*) OVER () FROM short ORDER BY chunk_id LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, snapshotId);
      ps.setInt(2, required);
      ps.setInt(3, sampleSize);
      List<String> sample = new ArrayList<>();
      int count = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sample.add(rs.getString(1));
          count = rs.getInt(2);
        }
      }
      return new Shortfall(count, sample);
    } catch (SQLException e) {
      throw new PersistenceException("catalog: replica check failed", e);
    }
  }

  /**
   * The distinct sets of holders (confirmed replicas on active devices, ids ascending) of the
   * chunks a snapshot references; a chunk without any such replica gives the empty set.
   */
  public List<List<Long>> holderSets(long snapshotId) {
    String sql = "WITH used AS (SELECT DISTINCT cr.chunk_id FROM chunk_ref cr"
        + " JOIN file_version fv ON fv.id = cr.file_version_id WHERE fv.snapshot_id = ?),"
        + " held AS (SELECT u.chunk_id, coalesce(array_agg(d.id ORDER BY d.id)"
        + " FILTER (WHERE d.id IS NOT NULL), '{}') AS holders FROM used u"
        + " LEFT JOIN replica r ON r.chunk_id = u.chunk_id AND r.state = 'CONFIRMED'"
        + " LEFT JOIN device d ON d.id = r.device_id AND d.status = 'ACTIVE'"
        + " GROUP BY u.chunk_id)"
        + " SELECT DISTINCT holders FROM held";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, snapshotId);
      List<List<Long>> sets = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Long[] ids = (Long[]) rs.getArray(1).getArray();
          sets.add(List.of(ids));
        }
      }
      return sets;
    } catch (SQLException e) {
      throw new PersistenceException("catalog: holder sets of snapshot " + snapshotId + " failed", e);
    }
  }
}
