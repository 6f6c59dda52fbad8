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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peervault.repository.retention.RetentionConfig;

/**
 * Data access for chunks, set-based: every method is one SQL statement whatever the number of
 * chunks. Callers provide the transaction (JDBC connections taken inside a JTA transaction are
 * enlisted in it).
 */
@ApplicationScoped
public class ChunkStore {

  @Inject
  AgroalDataSource dataSource;

  @Inject
  RetentionConfig retention;

  /**
   * A stored chunk as lookups see it.
   *
   * @param replicas confirmed replicas on active devices
   */
  public record Known(String id, byte[] plainHash, int keyVersion, long plainSizeBytes,
      long storedSizeBytes, int replicas) {}

  /** A chunk row, for consistency checks; {@code collecting}: being garbage-collected. */
  public record Row(String id, long organizationId, byte[] plainHash, long plainSizeBytes,
      long storedSizeBytes, int keyVersion, boolean collecting) {}

  /** A chunk to record. */
  public record NewChunk(String id, byte[] plainHash, long plainSizeBytes, long storedSizeBytes,
      int keyVersion) {}

  /**
   * A chunk with its restore data.
   *
   * @param replicas confirmed replicas on active devices, most recently seen first
   */
  public record Located(String id, byte[] plainHash, int keyVersion, long storedSizeBytes,
      List<Holder> replicas) {}

  /** A device holding a replica, and when it was last seen (null: never). */
  public record Holder(long deviceId, String peerAddress, Instant lastSeenAt) {}

  /**
   * The organization's chunks among these plaintext hashes, with their replica counts; chunks
   * being garbage-collected are left out.
   */
  public List<Known> findByPlainHashes(long organizationId, Collection<byte[]> plainHashes) {
    String sql = "SELECT c.id, c.plain_hash, c.key_version, c.plain_size_bytes,"
        + " c.stored_size_bytes, (SELECT count(*) FROM replica r JOIN device d ON d.id ="
        + " r.device_id WHERE r.chunk_id = c.id AND r.state = 'CONFIRMED'"
        + " AND d.status = 'ACTIVE') AS replicas"
        + " FROM chunk c WHERE c.organization_id = ? AND c.plain_hash = ANY (?)"
        // A chunk being garbage-collected is absent to lookups: its holders are deleting it.
        + " AND c.collecting_since IS NULL";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, organizationId);
      ps.setArray(2, c.createArrayOf("bytea", plainHashes.toArray(new byte[0][])));
      List<Known> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new Known(rs.getString(1), rs.getBytes(2), rs.getInt(3), rs.getLong(4),
              rs.getLong(5), rs.getInt(6)));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new PersistenceException("catalog: chunk lookup failed", e);
    }
  }

  /**
   * Chunks with one of these ids (in any organization) or, in this organization, one of these
   * plaintext hashes.
   */
  public List<Row> findByIdsOrPlainHashes(long organizationId, Collection<String> ids,
      Collection<byte[]> plainHashes) {
    String sql = "SELECT id, organization_id, plain_hash, plain_size_bytes, stored_size_bytes,"
        + " key_version, collecting_since IS NOT NULL FROM chunk WHERE id = ANY (?)"
        + " OR (organization_id = ? AND plain_hash = ANY (?))";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray(new String[0])));
      ps.setLong(2, organizationId);
      ps.setArray(3, c.createArrayOf("bytea", plainHashes.toArray(new byte[0][])));
      List<Row> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new Row(rs.getString(1), rs.getLong(2), rs.getBytes(3), rs.getLong(4),
              rs.getLong(5), rs.getInt(6), rs.getBoolean(7)));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new PersistenceException("catalog: chunk lookup failed", e);
    }
  }

  /** What an agent must know of a chunk to reference it: its plain size and plaintext hash. */
  public record Content(long plainSizeBytes, byte[] plainHash) {}

  /**
   * The content facts of those of {@code ids} recorded in the organization and not being
   * garbage-collected; one query. The rows stay share-locked until the transaction ends, so
   * garbage collection cannot mark them while a reference to them is being added.
   */
  public Map<String, Content> contents(long organizationId, Collection<String> ids) {
    String sql = "SELECT id, plain_size_bytes, plain_hash FROM chunk WHERE organization_id = ?"
        + " AND id = ANY (?) AND collecting_since IS NULL ORDER BY id FOR SHARE";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, organizationId);
      ps.setArray(2, c.createArrayOf("text", ids.toArray(new String[0])));
      Map<String, Content> result = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(rs.getString(1), new Content(rs.getLong(2), rs.getBytes(3)));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new PersistenceException("catalog: chunk lookup failed", e);
    }
  }

  /**
   * Notes that these chunks were asked for now (looked up or confirmed), which keeps garbage
   * collection off them for its grace period. Rows touched within the last quarter of the grace
   * are left as they are, so that backups, which look up every chunk of their unchanged files too,
   * do not rewrite every chunk row each time: a chunk asked for is still safe from collection for
   * at least three quarters of the grace (18 h of the default 24 h), far longer than a backup run.
   */
  public void touch(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    String sql = "UPDATE chunk SET wanted_at = now() WHERE id = ANY (?)"
        + " AND wanted_at < now() - make_interval(secs => ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", ids.toArray(new String[0])));
      ps.setDouble(2, retention.grace().toMillis() / 4 / 1000.0);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("catalog: noting chunk use failed", e);
    }
  }

  /** Records chunks of an organization, skipping ids already recorded; returns rows added. */
  public int insertIfAbsent(long organizationId, List<NewChunk> chunks) {
    if (chunks.isEmpty()) {
      return 0;
    }
    int n = chunks.size();
    String[] ids = new String[n];
    byte[][] hashes = new byte[n][];
    Long[] plainSizes = new Long[n];
    Long[] storedSizes = new Long[n];
    Integer[] versions = new Integer[n];
    for (int i = 0; i < n; i++) {
      NewChunk chunk = chunks.get(i);
      ids[i] = chunk.id();
      hashes[i] = chunk.plainHash();
      plainSizes[i] = chunk.plainSizeBytes();
      storedSizes[i] = chunk.storedSizeBytes();
      versions[i] = chunk.keyVersion();
    }
    String sql = "INSERT INTO chunk (id, organization_id, plain_hash, plain_size_bytes,"
        + " stored_size_bytes, key_version, created_at)"
        + " SELECT u.id, ?, u.h, u.ps, u.ss, u.kv, ?"
        + " FROM unnest(?::text[], ?::bytea[], ?::bigint[], ?::bigint[], ?::integer[])"
        + " AS u(id, h, ps, ss, kv) ON CONFLICT (id) DO NOTHING";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, organizationId);
      ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setArray(3, c.createArrayOf("text", ids));
      ps.setArray(4, c.createArrayOf("bytea", hashes));
      ps.setArray(5, c.createArrayOf("bigint", plainSizes));
      ps.setArray(6, c.createArrayOf("bigint", storedSizes));
      ps.setArray(7, c.createArrayOf("integer", versions));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new PersistenceException("catalog: recording chunks failed", e);
    }
  }

  /**
   * The organization's chunks among these ids with their keys' inputs and live-ordered holders:
   * one query for the chunks and their replicas together.
   */
  public Map<String, Located> locate(long organizationId, Collection<String> ids) {
    String sql = "SELECT c.id, c.plain_hash, c.key_version, c.stored_size_bytes,"
        + " d.id, d.peer_address, d.last_seen_at"
        + " FROM chunk c LEFT JOIN replica r ON r.chunk_id = c.id AND r.state = 'CONFIRMED'"
        + " LEFT JOIN device d ON d.id = r.device_id AND d.status = 'ACTIVE'"
        + " WHERE c.organization_id = ? AND c.id = ANY (?)"
        + " ORDER BY c.id, d.last_seen_at DESC NULLS LAST, d.id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, organizationId);
      ps.setArray(2, c.createArrayOf("text", ids.toArray(new String[0])));
      Map<String, Located> result = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          Located located = result.get(id);
          if (located == null) {
            located = new Located(id, rs.getBytes(2), rs.getInt(3), rs.getLong(4),
                new ArrayList<>());
            result.put(id, located);
          }
          long deviceId = rs.getLong(5);
          if (!rs.wasNull()) {
            OffsetDateTime seen = rs.getObject(7, OffsetDateTime.class);
            located.replicas().add(new Holder(deviceId, rs.getString(6),
                seen == null ? null : seen.toInstant()));
          }
        }
      }
      return result;
    } catch (SQLException e) {
      throw new PersistenceException("catalog: locating chunks failed", e);
    }
  }
}
