package org.peervault.repository.proof;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.peervault.repository.Jdbc;
import org.peervault.repository.catalog.AuditChallenge;

/**
 * Data access for challenges and audits, set-based where it matters. Callers provide the
 * transaction.
 */
@ApplicationScoped
public class AuditStore {

  @Inject
  Jdbc jdbc;

  /** A replica chosen for an audit; size in bytes. */
  public record Pick(long organizationId, String chunkId, long deviceId, long storedSizeBytes) {}

  /** A challenge taken for an audit. */
  public record Claimed(long challengeId, byte[] nonce) {}

  /** An audit waiting for its verdict, with the digest that passes it. */
  public record Pending(long challengeId, String chunkId, long deviceId, byte[] digest) {}

  /** An audit whose task ended without an answer; {@code taskOpen}: its lease merely ran out. */
  public record Overdue(long challengeId, long taskId, String chunkId, long deviceId,
      boolean taskOpen) {}

  /** Stores challenges for chunks, ignoring a nonce a chunk already has; returns how many. */
  public int addChallenges(Map<String, List<AuditChallenge>> byChunk) {
    List<String> chunkIds = new java.util.ArrayList<>();
    List<byte[]> nonces = new java.util.ArrayList<>();
    List<byte[]> digests = new java.util.ArrayList<>();
    byChunk.forEach((chunk, list) -> list.forEach(ch -> {
      chunkIds.add(chunk);
      nonces.add(ch.nonce());
      digests.add(ch.digest());
    }));
    return jdbc.update("audits: storing challenges", "INSERT INTO chunk_challenge (chunk_id,"
        + " nonce, digest) SELECT * FROM unnest(?::text[], ?::bytea[], ?::bytea[])"
        + " ON CONFLICT (chunk_id, nonce) DO NOTHING", (c, ps) -> {
          ps.setArray(1, c.createArrayOf("text", chunkIds.toArray()));
          ps.setArray(2, c.createArrayOf("bytea", nonces.toArray(new byte[0][])));
          ps.setArray(3, c.createArrayOf("bytea", digests.toArray(new byte[0][])));
        });
  }

  /**
   * Up to {@code limit} random confirmed replicas of the organization's chunks, on active peers
   * seen since {@code seenSince}, of chunks not being collected, that have an unused challenge and
   * no audit pending.
   */
  public List<Pick> pick(long organizationId, Instant seenSince, int limit) {
    String sql = "SELECT c.organization_id, r.chunk_id, r.device_id, c.stored_size_bytes"
        + " FROM replica r JOIN chunk c ON c.id = r.chunk_id JOIN device d ON d.id = r.device_id"
        + " WHERE c.organization_id = ? AND r.state = 'CONFIRMED' AND d.status = 'ACTIVE'"
        + " AND d.last_seen_at >= ?"
        + " AND c.collecting_since IS NULL AND EXISTS (SELECT 1 FROM chunk_challenge ch"
        + "  WHERE ch.chunk_id = r.chunk_id AND ch.used_at IS NULL)"
        + " AND NOT EXISTS (SELECT 1 FROM replica_audit a WHERE a.chunk_id = r.chunk_id"
        + "  AND a.device_id = r.device_id AND a.outcome = 'PENDING')"
        + " ORDER BY random() LIMIT ?";
    return jdbc.query("audits: choosing replicas", sql, (c, ps) -> {
      ps.setLong(1, organizationId);
      ps.setObject(2, Jdbc.utc(seenSince));
      ps.setInt(3, limit);
    }, rs -> new Pick(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
  }

  /** Takes one unused challenge of a chunk (it is never handed out again). */
  public Optional<Claimed> claim(String chunkId, Instant now) {
    return jdbc.query("audits: taking a challenge", "UPDATE chunk_challenge SET used_at = ?"
        + " WHERE id = (SELECT id FROM chunk_challenge WHERE chunk_id = ? AND used_at IS NULL"
        + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, nonce", (c, ps) -> {
          ps.setObject(1, Jdbc.utc(now));
          ps.setString(2, chunkId);
        }, rs -> new Claimed(rs.getLong(1), rs.getBytes(2))).stream().findFirst();
  }

  /** Records a pending audit of a replica with a claimed challenge. */
  public void open(long challengeId, Pick pick, Instant now) {
    jdbc.update("audits: opening an audit", "INSERT INTO replica_audit (challenge_id,"
        + " organization_id, chunk_id, device_id, issued_at, outcome)"
        + " VALUES (?, ?, ?, ?, ?, 'PENDING')", (c, ps) -> {
          ps.setLong(1, challengeId);
          ps.setLong(2, pick.organizationId());
          ps.setString(3, pick.chunkId());
          ps.setLong(4, pick.deviceId());
          ps.setObject(5, Jdbc.utc(now));
        });
  }

  /** Links pending audits to the AUDIT tasks that carry their nonces; returns how many. */
  public int linkTasks() {
    return jdbc.update("audits: linking tasks", "UPDATE replica_audit a SET task_id = t.id"
        + " FROM chunk_challenge ch, peer_task t WHERE a.task_id IS NULL"
        + " AND a.outcome = 'PENDING' AND ch.id = a.challenge_id AND t.kind = 'AUDIT'"
        + " AND t.chunk_id = a.chunk_id AND t.device_id = a.device_id AND t.nonce = ch.nonce",
        (c, ps) -> { });
  }

  /** The audit a task carried, locked, when it still waits for its verdict. */
  public Optional<Pending> pendingFor(long taskId) {
    return jdbc.query("audits: reading an audit", "SELECT a.challenge_id, a.chunk_id,"
        + " a.device_id, ch.digest FROM replica_audit a JOIN chunk_challenge ch"
        + " ON ch.id = a.challenge_id WHERE a.task_id = ? AND a.outcome = 'PENDING'"
        + " FOR UPDATE OF a", (c, ps) -> ps.setLong(1, taskId),
        rs -> new Pending(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBytes(4)))
        .stream().findFirst();
  }

  /** Records a verdict on a pending audit; false when it had one already. */
  public boolean judge(long challengeId, Verdict verdict, Instant now) {
    return jdbc.update("audits: recording a verdict", "UPDATE replica_audit SET outcome = ?,"
        + " judged_at = ? WHERE challenge_id = ? AND outcome = 'PENDING'", (c, ps) -> {
          ps.setString(1, verdict.name());
          ps.setObject(2, Jdbc.utc(now));
          ps.setLong(3, challengeId);
        }) == 1;
  }

  /** Pending audits whose task was fetched and ended, or whose lease ran out, unanswered. */
  public List<Overdue> overdue(Instant now) {
    String sql = "SELECT a.challenge_id, t.id, a.chunk_id, a.device_id, t.state = 'LEASED'"
        + " FROM replica_audit a JOIN peer_task t ON t.id = a.task_id WHERE a.outcome = 'PENDING'"
        + " AND ((t.state = 'LEASED' AND t.lease_expires_at < ?)"
        + "  OR (t.state = 'FAILED' AND t.attempts > 0))";
    return jdbc.query("audits: finding unanswered audits", sql,
        (c, ps) -> ps.setObject(1, Jdbc.utc(now)), rs -> new Overdue(rs.getLong(1),
            rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5)));
  }

  /** Pending audits issued before {@code before} whose task was never fetched: (challenge, task). */
  public List<long[]> unfetched(Instant before) {
    String sql = "SELECT a.challenge_id, t.id FROM replica_audit a JOIN peer_task t"
        + " ON t.id = a.task_id WHERE a.outcome = 'PENDING' AND t.state = 'PENDING'"
        + " AND a.issued_at < ?";
    return jdbc.query("audits: finding unfetched audits", sql,
        (c, ps) -> ps.setObject(1, Jdbc.utc(before)), rs -> new long[] {rs.getLong(1), rs.getLong(2)});
  }

  /** Marks a confirmed replica lost; false when it was not confirmed (gone, lost already). */
  public boolean markLost(String chunkId, long deviceId) {
    return jdbc.update("audits: marking a replica lost", "UPDATE replica SET state = 'LOST'"
        + " WHERE chunk_id = ? AND device_id = ? AND state = 'CONFIRMED'", (c, ps) -> {
          ps.setString(1, chunkId);
          ps.setLong(2, deviceId);
        }) == 1;
  }

  /** Notes that a replica passed an audit now. */
  public void verified(String chunkId, long deviceId, Instant now) {
    jdbc.update("audits: noting a verified replica", "UPDATE replica SET last_verified_at = ?"
        + " WHERE chunk_id = ? AND device_id = ?", (c, ps) -> {
          ps.setObject(1, Jdbc.utc(now));
          ps.setString(2, chunkId);
          ps.setLong(3, deviceId);
        });
  }

  /** The organization's audits issued since {@code since}, counted by verdict. */
  public Map<Verdict, Long> counts(long organizationId, Instant since) {
    Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      counts.put(v, 0L);
    }
    jdbc.query("audits: counting", "SELECT outcome, count(*) FROM replica_audit"
        + " WHERE organization_id = ? AND issued_at >= ? GROUP BY outcome", (c, ps) -> {
          ps.setLong(1, organizationId);
          ps.setObject(2, Jdbc.utc(since));
        }, rs -> counts.put(Verdict.valueOf(rs.getString(1)), rs.getLong(2)));
    return counts;
  }
}
