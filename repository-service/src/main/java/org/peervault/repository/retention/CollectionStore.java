package org.peervault.repository.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.peervault.repository.Jdbc;

/**
 * Data access for garbage collection, set-based: marking unreferenced chunks as collecting, the
 * holders still to order deletions from, removing what peers deleted, and the retention runs.
 * Callers provide the transaction.
 */
@ApplicationScoped
public class CollectionStore {

  @Inject
  Jdbc jdbc;

  /** A replica to delete: its chunk, its holder, and the bytes it takes there. */
  public record Holder(String chunkId, long deviceId, long storedSizeBytes) {}

  /**
   * Marks as collecting up to {@code limit} chunks of the organization that nothing references
   * and nobody asked for since {@code wantedBefore}. Chunks whose rows are locked (a backup is
   * referencing them right now) are skipped until the next run. Returns the ids marked.
   */
  public List<String> mark(long organizationId, Instant now, Instant wantedBefore, int limit) {
    String sql = "UPDATE chunk SET collecting_since = ? WHERE id IN (SELECT c.id FROM chunk c"
        + " WHERE c.organization_id = ? AND c.collecting_since IS NULL AND c.wanted_at < ? AND "
        + ChunkReferences.unreferenced("c")
        + " ORDER BY c.wanted_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id";
    return jdbc.query("retention: marking unreferenced chunks", sql, (c, ps) -> {
      ps.setObject(1, Jdbc.utc(now));
      ps.setLong(2, organizationId);
      ps.setObject(3, Jdbc.utc(wantedBefore));
      ps.setInt(4, limit);
    }, rs -> rs.getString(1));
  }

  /**
   * Unmarks those of {@code ids} that something references after all: a reference committed
   * while the mark was running, which the mark's snapshot could not see. Run in a transaction of
   * its own after the mark committed; from then on no new reference can name a marked chunk.
   * Returns the ids unmarked.
   */
  public List<String> unmarkReferenced(Collection<String> ids) {
    String sql = "UPDATE chunk c SET collecting_since = NULL WHERE c.id = ANY (?)"
        + " AND c.collecting_since IS NOT NULL AND NOT " + ChunkReferences.unreferenced("c")
        + " RETURNING c.id";
    return jdbc.query("retention: re-checking marked chunks", sql,
        (c, ps) -> ps.setArray(1, c.createArrayOf("text", ids.toArray())), rs -> rs.getString(1));
  }

  /**
   * The replicas of the organization's collecting chunks, on active devices, that no open DELETE
   * task is ordered for yet: the delete orders still to give.
   */
  public List<Holder> unordered(long organizationId) {
    String sql = "SELECT r.chunk_id, r.device_id, c.stored_size_bytes FROM replica r"
        + " JOIN chunk c ON c.id = r.chunk_id JOIN device d ON d.id = r.device_id"
        + " WHERE c.organization_id = ? AND c.collecting_since IS NOT NULL"
        + " AND d.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM peer_task t"
        + " WHERE t.chunk_id = r.chunk_id AND t.device_id = r.device_id AND t.kind = 'DELETE'"
        + " AND t.state IN ('PENDING', 'LEASED')) ORDER BY r.chunk_id, r.device_id";
    return jdbc.query("retention: finding holders to order", sql,
        (c, ps) -> ps.setLong(1, organizationId),
        rs -> new Holder(rs.getString(1), rs.getLong(2), rs.getLong(3)));
  }

  /** Forgets replicas of collecting chunks on devices no longer active (no one to order). */
  public int forgetInactiveHolders() {
    return jdbc.update("retention: forgetting replicas on revoked devices",
        "DELETE FROM replica r USING chunk c, device d WHERE c.id = r.chunk_id"
        + " AND d.id = r.device_id AND c.collecting_since IS NOT NULL AND d.status <> 'ACTIVE'",
        (c, ps) -> { });
  }

  /** Removes collecting chunks whose replicas are all gone; returns how many. */
  public int dropEmpty() {
    String gone = "SELECT c.id FROM chunk c WHERE c.collecting_since IS NOT NULL"
        + " AND NOT EXISTS (SELECT 1 FROM replica r WHERE r.chunk_id = c.id)";
    // A chunk repair gave up on (no surviving replica) is forgotten with it.
    jdbc.update("retention: forgetting collected lost chunks",
        "DELETE FROM lost_chunk WHERE chunk_id IN (" + gone + ")", (c, ps) -> { });
    return jdbc.update("retention: removing collected chunks",
        "DELETE FROM chunk WHERE id IN (" + gone + ")", (c, ps) -> { });
  }

  /**
   * Removes the replica a holder reported deleted and, when it was the last one of a collecting
   * chunk, the chunk; returns whether the chunk went.
   */
  public boolean deleted(String chunkId, long deviceId) {
    jdbc.update("retention: removing a deleted replica",
        "DELETE FROM replica WHERE chunk_id = ? AND device_id = ?", (c, ps) -> {
          ps.setString(1, chunkId);
          ps.setLong(2, deviceId);
        });
    String gone = "SELECT c.id FROM chunk c WHERE c.id = ? AND c.collecting_since IS NOT NULL"
        + " AND NOT EXISTS (SELECT 1 FROM replica r WHERE r.chunk_id = c.id)";
    jdbc.update("retention: forgetting a collected lost chunk",
        "DELETE FROM lost_chunk WHERE chunk_id IN (" + gone + ")",
        (c, ps) -> ps.setString(1, chunkId));
    return jdbc.update("retention: removing a collected chunk",
        "DELETE FROM chunk WHERE id IN (" + gone + ")", (c, ps) -> ps.setString(1, chunkId)) > 0;
  }

  /** Starts a run over an organization; returns its id. */
  public long startRun(long organizationId, Instant now) {
    return jdbc.query("retention: starting a run",
        "INSERT INTO retention_run (organization_id, started_at) VALUES (?, ?) RETURNING id",
        (c, ps) -> {
          ps.setLong(1, organizationId);
          ps.setObject(2, Jdbc.utc(now));
        }, rs -> rs.getLong(1)).get(0);
  }

  /** Records what a run did. */
  public void finishRun(long runId, Instant now, RetentionReport report) {
    jdbc.update("retention: finishing a run", "UPDATE retention_run SET finished_at = ?,"
        + " expired_versions = ?, removed_snapshots = ?, collected_chunks = ?,"
        + " ordered_deletes = ? WHERE id = ?", (c, ps) -> {
          ps.setObject(1, Jdbc.utc(now));
          ps.setLong(2, report.expiredVersions());
          ps.setLong(3, report.removedSnapshots());
          ps.setLong(4, report.collectedChunks());
          ps.setLong(5, report.orderedDeletes());
          ps.setLong(6, runId);
        });
  }

  /**
   * The organization's newest runs, newest first, with the deletions peers reported for each: the
   * DELETE tasks (reason 'gc') it ordered, which carry the run's start as their creation time.
   */
  public List<RetentionRun> runs(long organizationId, int limit) {
    String done = " FROM peer_task t WHERE t.organization_id = r.organization_id"
        + " AND t.kind = 'DELETE' AND t.reason = '" + ChunkCollector.REASON + "'"
        + " AND t.state = 'DONE' AND t.created_at >= r.started_at"
        + " AND t.created_at <= coalesce(r.finished_at, now()))";
    String sql = "SELECT r.id, r.started_at, r.finished_at, r.expired_versions,"
        + " r.removed_snapshots, r.collected_chunks, r.ordered_deletes, (SELECT count(*)" + done
        + ", (SELECT coalesce(sum(t.freed_bytes), 0)" + done
        + " FROM retention_run r WHERE r.organization_id = ? ORDER BY r.id DESC LIMIT ?";
    return jdbc.query("retention: listing runs", sql, (c, ps) -> {
      ps.setLong(1, organizationId);
      ps.setInt(2, limit);
    }, rs -> new RetentionRun(rs.getLong(1), Jdbc.instant(rs, 2), Jdbc.instant(rs, 3),
        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
        rs.getLong(9)));
  }

  /** The organization's chunks being collected and delete orders not yet carried out, now. */
  public RetentionRun.Backlog backlog(long organizationId) {
    return jdbc.query("retention: reading the backlog", "SELECT"
        + " (SELECT count(*) FROM chunk WHERE organization_id = ? AND collecting_since IS NOT NULL),"
        + " count(*), coalesce(sum(t.stored_size_bytes), 0) FROM peer_task t"
        + " WHERE t.organization_id = ? AND t.kind = 'DELETE' AND t.reason = '"
        + ChunkCollector.REASON + "' AND t.state IN ('PENDING', 'LEASED')", (c, ps) -> {
          ps.setLong(1, organizationId);
          ps.setLong(2, organizationId);
        }, rs -> new RetentionRun.Backlog(rs.getLong(1), rs.getLong(2), rs.getLong(3))).get(0);
  }
}
