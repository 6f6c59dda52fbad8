package org.peervault.repository.repair;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data access for peer tasks, set-based: one SQL statement per method. Callers provide the
 * transaction. Leasing takes rows with {@code FOR UPDATE SKIP LOCKED}, so two heartbeats of one
 * device (or two instances) never hand out the same lease.
 */
@ApplicationScoped
public class PeerTaskStore {
  private static final String COLUMNS = "id, organization_id, device_id, kind, chunk_id, reason,"
      + " state, attempts, lease_expires_at, stored_size_bytes, nonce";

  @Inject
  AgroalDataSource dataSource;

  /** Orders tasks; returns how many were added. */
  public int insert(Collection<PeerTask.New> tasks, Instant now) {
    if (tasks.isEmpty()) {
      return 0;
    }
    String sql = "INSERT INTO peer_task (organization_id, device_id, kind, chunk_id, reason,"
        + " state, stored_size_bytes, nonce, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)";
    return Sql.run(dataSource, "ordering peer tasks", sql, ps -> {
      for (PeerTask.New t : tasks) {
        ps.setLong(1, t.organizationId());
        ps.setLong(2, t.deviceId());
        ps.setString(3, t.kind().name());
        ps.setString(4, t.chunkId());
        ps.setString(5, t.reason());
        ps.setLong(6, t.storedSizeBytes());
        ps.setBytes(7, t.nonce());
        ps.setTimestamp(8, Timestamp.from(now));
        ps.addBatch();
      }
      return ps.executeBatch().length;
    });
  }

  /**
   * Gives up the device's tasks whose lease ended unreported after {@code maxAttempts} leases;
   * returns how many.
   */
  public int failExhausted(long deviceId, Instant now, int maxAttempts) {
    String sql = "UPDATE peer_task SET state = 'FAILED', finished_at = ?, detail = 'not reported"
        + " within ' || attempts || ' leases' WHERE device_id = ? AND state = 'LEASED'"
        + " AND lease_expires_at < ? AND attempts >= ?";
    return Sql.run(dataSource, "expiring peer tasks", sql, ps -> {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setLong(2, deviceId);
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setInt(4, maxAttempts);
      return ps.executeUpdate();
    });
  }

  /**
   * Leases up to {@code limit} of the device's open tasks (pending, or leased with an ended
   * lease), oldest first, until {@code leaseEnd}; returns them as leased.
   */
  public List<PeerTask> lease(long deviceId, Instant now, Instant leaseEnd, int limit) {
    String sql = "UPDATE peer_task t SET state = 'LEASED', attempts = t.attempts + 1,"
        + " lease_expires_at = ? FROM (SELECT id FROM peer_task WHERE device_id = ?"
        + " AND (state = 'PENDING' OR (state = 'LEASED' AND lease_expires_at < ?))"
        + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) s WHERE t.id = s.id RETURNING "
        + prefixed("t.");
    return Sql.run(dataSource, "leasing peer tasks", sql, ps -> {
      ps.setTimestamp(1, Timestamp.from(leaseEnd));
      ps.setLong(2, deviceId);
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setInt(4, limit);
      List<PeerTask> leased = read(ps);
      leased.sort((a, b) -> Long.compare(a.id(), b.id()));
      return leased;
    });
  }

  /** The tasks with these ids (any device, any state), locked for update. */
  public Map<Long, PeerTask> lockByIds(Collection<Long> ids) {
    String sql = "SELECT " + COLUMNS + " FROM peer_task WHERE id = ANY (?) FOR UPDATE";
    return Sql.run(dataSource, "reading peer tasks", sql, ps -> {
      ps.setArray(1, ps.getConnection().createArrayOf("bigint", ids.toArray(new Long[0])));
      Map<Long, PeerTask> result = new HashMap<>();
      read(ps).forEach(t -> result.put(t.id(), t));
      return result;
    });
  }

  /** Finishes an open task; returns false when it was finished already. */
  public boolean finish(long id, PeerTask.State state, String detail, Long freedBytes,
      Instant now) {
    String sql = "UPDATE peer_task SET state = ?, detail = ?, freed_bytes = ?, finished_at = ?"
        + " WHERE id = ? AND state IN ('PENDING', 'LEASED')";
    return Sql.run(dataSource, "finishing a peer task", sql, ps -> {
      ps.setString(1, state.name());
      ps.setString(2, detail);
      if (freedBytes == null) {
        ps.setNull(3, Types.BIGINT);
      } else {
        ps.setLong(3, freedBytes);
      }
      ps.setTimestamp(4, Timestamp.from(now));
      ps.setLong(5, id);
      return ps.executeUpdate() == 1;
    });
  }

  /** Gives up every open COPY task of these chunks, with {@code detail}; returns how many. */
  public int failOpenCopies(Collection<String> chunkIds, String detail, Instant now) {
    String sql = "UPDATE peer_task SET state = 'FAILED', detail = ?, finished_at = ?"
        + " WHERE chunk_id = ANY (?) AND kind = 'COPY' AND state IN ('PENDING', 'LEASED')";
    return Sql.run(dataSource, "giving up copies", sql, ps -> {
      ps.setString(1, detail);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setArray(3, ps.getConnection().createArrayOf("text", chunkIds.toArray(new String[0])));
      return ps.executeUpdate();
    });
  }

  /** For each of these chunks, the devices an open COPY task targets. */
  public Map<String, Set<Long>> openCopyTargets(Collection<String> chunkIds) {
    return targets(chunkIds, "state IN ('PENDING', 'LEASED')", null);
  }

  /** For each of these chunks, the devices a COPY task failed on since {@code since}. */
  public Map<String, Set<Long>> failedCopyTargets(Collection<String> chunkIds, Instant since) {
    return targets(chunkIds, "state = 'FAILED' AND finished_at >= ?", since);
  }

  private Map<String, Set<Long>> targets(Collection<String> chunkIds, String condition,
      Instant since) {
    String sql = "SELECT chunk_id, device_id FROM peer_task WHERE chunk_id = ANY (?)"
        + " AND kind = 'COPY' AND " + condition;
    return Sql.run(dataSource, "reading copy targets", sql, ps -> {
      ps.setArray(1, ps.getConnection().createArrayOf("text", chunkIds.toArray(new String[0])));
      if (since != null) {
        ps.setTimestamp(2, Timestamp.from(since));
      }
      return Sql.grouped(ps);
    });
  }

  /** Stored bytes of the organization's COPY tasks ordered since {@code since}. */
  public long copyBytesSince(long organizationId, Instant since) {
    String sql = "SELECT coalesce(sum(stored_size_bytes), 0) FROM peer_task"
        + " WHERE organization_id = ? AND kind = 'COPY' AND created_at >= ?";
    return Sql.run(dataSource, "reading the copy rate", sql, ps -> {
      ps.setLong(1, organizationId);
      ps.setTimestamp(2, Timestamp.from(since));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Task counts of an organization, by kind and state. */
  public Map<PeerTask.Kind, Map<PeerTask.State, Long>> counts(long organizationId) {
    String sql = "SELECT kind, state, count(*) FROM peer_task WHERE organization_id = ?"
        + " GROUP BY kind, state";
    return Sql.run(dataSource, "counting peer tasks", sql, ps -> {
      ps.setLong(1, organizationId);
      Map<PeerTask.Kind, Map<PeerTask.State, Long>> result = new EnumMap<>(PeerTask.Kind.class);
      for (PeerTask.Kind kind : PeerTask.Kind.values()) {
        Map<PeerTask.State, Long> byState = new EnumMap<>(PeerTask.State.class);
        for (PeerTask.State state : PeerTask.State.values()) {
          byState.put(state, 0L);
        }
        result.put(kind, byState);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.get(PeerTask.Kind.valueOf(rs.getString(1)))
              .put(PeerTask.State.valueOf(rs.getString(2)), rs.getLong(3));
        }
      }
      return result;
    });
  }

  /** The tasks of a device, newest first (for tests and diagnostics). */
  public List<PeerTask> ofDevice(long deviceId) {
    String sql = "SELECT " + COLUMNS + " FROM peer_task WHERE device_id = ? ORDER BY id DESC";
    return Sql.run(dataSource, "reading peer tasks", sql, ps -> {
      ps.setLong(1, deviceId);
      return read(ps);
    });
  }

  private static List<PeerTask> read(PreparedStatement ps) throws SQLException {
    List<PeerTask> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Timestamp lease = rs.getTimestamp(9);
        result.add(new PeerTask(rs.getLong(1), rs.getLong(2), rs.getLong(3),
            PeerTask.Kind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
            PeerTask.State.valueOf(rs.getString(7)), rs.getInt(8),
            lease == null ? null : lease.toInstant(), rs.getLong(10), rs.getBytes(11)));
      }
    }
    return result;
  }

  private static String prefixed(String prefix) {
    return prefix + COLUMNS.replace(", ", ", " + prefix);
  }
}
