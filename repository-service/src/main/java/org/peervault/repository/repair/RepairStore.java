package org.peervault.repository.repair;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peervault.repository.catalog.Replica;
import org.peervault.repository.device.Device;

/**
 * Data access for replica health: which chunks may be short of replicas, what is known of each
 * replica, who owns a chunk, unrecoverable chunks, and the replicas of a drained peer. Set-based
 * SQL, one statement per method; callers provide the transaction.
 */
@ApplicationScoped
public class RepairStore {
  /** A replica that counts: confirmed, its peer active, serving and seen since the cutoff. */
  private static final String HEALTHY = "r.state = 'CONFIRMED' AND d.status = 'ACTIVE'"
      + " AND d.peer_state = 'SERVING' AND coalesce(d.last_seen_at, d.registered_at) >= ?";
  /** A replica that still exists: confirmed, its peer active, not retired, seen since the cutoff. */
  private static final String SURVIVING = "r.state = 'CONFIRMED' AND d.status = 'ACTIVE'"
      + " AND d.peer_state <> 'RETIRED' AND coalesce(d.last_seen_at, d.registered_at) >= ?";

  /**
   * The organization's chunks, not known unrecoverable, with fewer healthy replicas than
   * required or with a replica that no longer counts; parameters: cutoff, cutoff, organization,
   * required.
   */
  private static final String SHORT_CHUNKS = " FROM chunk c CROSS JOIN LATERAL ("
      + " SELECT count(*) FILTER (WHERE " + HEALTHY + ") AS healthy,"
      + " count(*) FILTER (WHERE r.state <> 'RETIRED' AND NOT (" + HEALTHY + ")) AS other"
      + " FROM replica r JOIN device d ON d.id = r.device_id WHERE r.chunk_id = c.id) h"
      + " WHERE c.organization_id = ? AND (h.healthy < ? OR h.other > 0)"
      // A chunk garbage collection is deleting is not repaired (its holders are deleting it).
      + " AND c.collecting_since IS NULL"
      + " AND NOT EXISTS (SELECT 1 FROM lost_chunk l WHERE l.chunk_id = c.id)";

  @Inject
  AgroalDataSource dataSource;

  /** A chunk that may be short of replicas. */
  public record Candidate(String chunkId, long storedSizeBytes) {}

  /**
   * Up to {@code limit} chunks of the organization, not known unrecoverable, with fewer than
   * {@code required} healthy replicas or with a replica that no longer counts (missing, lost,
   * draining, revoked); the fewest healthy replicas first.
   *
   * @param cutoff peers seen before this are past the grace period
   */
  public List<Candidate> candidates(long organizationId, Instant cutoff, int required,
      int limit) {
    String sql = "SELECT c.id, c.stored_size_bytes" + SHORT_CHUNKS
        + " ORDER BY h.healthy, c.id LIMIT ?";
    return Sql.run(dataSource, "finding chunks to repair", sql, ps -> {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      ps.setTimestamp(2, Timestamp.from(cutoff));
      ps.setLong(3, organizationId);
      ps.setInt(4, required);
      ps.setInt(5, limit);
      return readCandidates(ps);
    });
  }

  /** How many chunks {@link #candidates} would consider, without a limit. */
  public long countCandidates(long organizationId, Instant cutoff, int required) {
    String sql = "SELECT count(*)" + SHORT_CHUNKS;
    return Sql.run(dataSource, "counting chunks to repair", sql, ps -> {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      ps.setTimestamp(2, Timestamp.from(cutoff));
      ps.setLong(3, organizationId);
      ps.setInt(4, required);
      return single(ps);
    });
  }

  /** A replica as repair sees it, with its device's address. */
  public record ReplicaRow(String chunkId, String address, ChunkTriage.ReplicaFacts facts) {}

  /** Every replica of these chunks, in any state, on any device. */
  public List<ReplicaRow> replicas(Collection<String> chunkIds) {
    String sql = "SELECT r.chunk_id, r.device_id, r.state, d.status, d.peer_state,"
        + " coalesce(d.last_seen_at, d.registered_at), d.peer_address FROM replica r"
        + " JOIN device d ON d.id = r.device_id WHERE r.chunk_id = ANY (?)";
    return Sql.run(dataSource, "reading replicas", sql, ps -> {
      ps.setArray(1, ps.getConnection().createArrayOf("text", chunkIds.toArray(new String[0])));
      List<ReplicaRow> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new ReplicaRow(rs.getString(1), rs.getString(7), new ChunkTriage.ReplicaFacts(
              rs.getLong(2), Replica.State.valueOf(rs.getString(3)),
              Device.Status.valueOf(rs.getString(4)), Device.PeerState.valueOf(rs.getString(5)),
              rs.getTimestamp(6).toInstant())));
        }
      }
      return result;
    });
  }

  /** For each of these chunks, the devices whose snapshots reference it. */
  public Map<String, Set<Long>> owners(Collection<String> chunkIds) {
    String sql = "SELECT DISTINCT cr.chunk_id, s.device_id FROM chunk_ref cr"
        + " JOIN file_version fv ON fv.id = cr.file_version_id"
        + " JOIN snapshot s ON s.id = fv.snapshot_id WHERE cr.chunk_id = ANY (?)";
    return Sql.run(dataSource, "reading chunk owners", sql, ps -> {
      ps.setArray(1, ps.getConnection().createArrayOf("text", chunkIds.toArray(new String[0])));
      return Sql.grouped(ps);
    });
  }

  /** Records chunks as unrecoverable; returns how many were not recorded before. */
  public int markUnrecoverable(long organizationId, Collection<String> chunkIds, Instant now) {
    String sql = "INSERT INTO lost_chunk (chunk_id, organization_id, detected_at)"
        + " SELECT u, ?, ? FROM unnest(?::text[]) AS u ON CONFLICT (chunk_id) DO NOTHING";
    return Sql.run(dataSource, "recording unrecoverable chunks", sql, ps -> {
      ps.setLong(1, organizationId);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setArray(3, ps.getConnection().createArrayOf("text", chunkIds.toArray(new String[0])));
      return ps.executeUpdate();
    });
  }

  /** Forgets unrecoverable chunks that have a surviving replica again; returns their ids. */
  public List<String> forgetRecovered(long organizationId, Instant cutoff) {
    String sql = "DELETE FROM lost_chunk l WHERE l.organization_id = ? AND EXISTS (SELECT 1"
        + " FROM replica r JOIN device d ON d.id = r.device_id WHERE r.chunk_id = l.chunk_id"
        + " AND " + SURVIVING + ") RETURNING l.chunk_id";
    return Sql.run(dataSource, "forgetting recovered chunks", sql, ps -> {
      ps.setLong(1, organizationId);
      ps.setTimestamp(2, Timestamp.from(cutoff));
      List<String> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1));
        }
      }
      return result;
    });
  }

  /** The organization's unrecoverable chunks: how many, and the first {@code sample} ids. */
  public record Unrecoverable(long count, List<String> sample) {}

  /** The organization's unrecoverable chunks. */
  public Unrecoverable unrecoverable(long organizationId, int sample) {
    String sql = "SELECT chunk_id, count(*) OVER () FROM lost_chunk WHERE organization_id = ?"
        + " ORDER BY detected_at, chunk_id LIMIT ?";
    return Sql.run(dataSource, "reading unrecoverable chunks", sql, ps -> {
      ps.setLong(1, organizationId);
      ps.setInt(2, Math.max(sample, 1));
      List<String> ids = new ArrayList<>();
      long count = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
          count = rs.getLong(2);
        }
      }
      return new Unrecoverable(count, sample == 0 ? List.of() : ids);
    });
  }

  /** The chunks a device holds a replica of that counts or could (CONFIRMED), by id. */
  public List<Candidate> confirmedOn(long deviceId, String afterChunkId, int limit) {
    String sql = "SELECT c.id, c.stored_size_bytes FROM replica r JOIN chunk c ON c.id = r.chunk_id"
        + " WHERE r.device_id = ? AND r.state = 'CONFIRMED' AND c.id > ? ORDER BY c.id LIMIT ?";
    return Sql.run(dataSource, "reading a peer's replicas", sql, ps -> {
      ps.setLong(1, deviceId);
      ps.setString(2, afterChunkId);
      ps.setInt(3, limit);
      return readCandidates(ps);
    });
  }

  /** Marks every replica of a device RETIRED; returns those chunks (id, stored size). */
  public List<Candidate> retireReplicas(long deviceId) {
    String sql = "UPDATE replica r SET state = 'RETIRED' FROM chunk c WHERE c.id = r.chunk_id"
        + " AND r.device_id = ? AND r.state <> 'RETIRED' RETURNING c.id, c.stored_size_bytes";
    return Sql.run(dataSource, "retiring replicas", sql, ps -> {
      ps.setLong(1, deviceId);
      return readCandidates(ps);
    });
  }

  /** Forgets a replica (its peer deleted the chunk); returns whether there was one. */
  public boolean removeReplica(String chunkId, long deviceId) {
    String sql = "DELETE FROM replica WHERE chunk_id = ? AND device_id = ?";
    return Sql.run(dataSource, "removing a replica", sql, ps -> {
      ps.setString(1, chunkId);
      ps.setLong(2, deviceId);
      return ps.executeUpdate() > 0;
    });
  }

  /** Replicas of a device by state. */
  public Map<Replica.State, Long> replicaCounts(long deviceId) {
    String sql = "SELECT state, count(*) FROM replica WHERE device_id = ? GROUP BY state";
    return Sql.run(dataSource, "counting a peer's replicas", sql, ps -> {
      ps.setLong(1, deviceId);
      Map<Replica.State, Long> result = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(Replica.State.valueOf(rs.getString(1)), rs.getLong(2));
        }
      }
      return result;
    });
  }

  private static List<Candidate> readCandidates(PreparedStatement ps) throws SQLException {
    List<Candidate> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(new Candidate(rs.getString(1), rs.getLong(2)));
      }
    }
    return result;
  }

  private static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
