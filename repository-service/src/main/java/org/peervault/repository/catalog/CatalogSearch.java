package org.peervault.repository.catalog;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.peervault.repository.Listing;
import org.peervault.repository.PeerVaultException;

/**
 * Searches of the catalog for the admin API: committed snapshots of a device in a time window,
 * and the versions of a path (and what lies below it) across a device's snapshots. Callers check
 * that the device is theirs to see.
 */
@ApplicationScoped
public class CatalogSearch {

  @Inject
  EntityManager em;

  /** A file version found: which snapshot (committed when) held which version of a path. */
  public record Found(long snapshotId, Instant committedAt, String path, FileVersion.Kind kind,
      long sizeBytes, int mode, long mtimeMillis) {}

  /** Committed snapshots of a device committed in [from, to) (nulls: unbounded), newest first. */
  @Transactional
  public Listing<SnapshotSummary> snapshots(long deviceId, Instant from, Instant to, int page,
      int size) {
    StringBuilder q = new StringBuilder("device.id = :device and status = :status");
    Parameters p = Parameters.with("device", deviceId).and("status", Snapshot.Status.COMMITTED);
    if (from != null) {
      q.append(" and committedAt >= :from");
      p = p.and("from", from);
    }
    if (to != null) {
      q.append(" and committedAt < :to");
      p = p.and("to", to);
    }
    var query = Snapshot.<Snapshot>find(q.toString(),
        Sort.descending("committedAt").and("id", Sort.Direction.Descending), p);
    return new Listing<>(query.page(Page.of(page, size)).list().stream()
        .map(Snapshot::summary).toList(), query.count());
  }

  /**
   * Versions of {@code path} and what lies below it (empty path: everything) in a device's
   * committed snapshots committed in [from, to), by path then newest first.
   */
  @Transactional
  public Listing<Found> versions(long deviceId, String path, Instant from, Instant to, int page,
      int size) {
    String prefix = path == null ? "" : path.strip();
    while (prefix.length() > 1 && prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!prefix.isEmpty()) {
      String checked = prefix;
      PathRules.problem(checked).ifPresent(reason -> {
        throw PeerVaultException.invalid("invalid-path", "search: refusing path "
            + PathRules.quote(checked) + ": " + reason);
      });
    }
    String where = " FROM file_version fv JOIN snapshot s ON s.id = fv.snapshot_id"
        + " WHERE s.device_id = :device AND s.status = 'COMMITTED'"
        + (prefix.isEmpty() ? "" : " AND (fv.path = :path OR left(fv.path, :len) = :below)")
        + (from == null ? "" : " AND s.committed_at >= :from")
        + (to == null ? "" : " AND s.committed_at < :to");
    Query count = em.createNativeQuery("SELECT count(*)" + where);
    Query rows = em.createNativeQuery("SELECT s.id, s.committed_at, fv.path, fv.kind,"
        + " fv.size_bytes, fv.mode, fv.mtime_millis" + where
        + " ORDER BY fv.path, s.committed_at DESC, s.id DESC");
    for (Query q : List.of(count, rows)) {
      q.setParameter("device", deviceId);
      if (!prefix.isEmpty()) {
        q.setParameter("path", prefix);
        q.setParameter("len", prefix.length() + 1);
        q.setParameter("below", prefix + "/");
      }
      if (from != null) {
        q.setParameter("from", Timestamp.from(from));
      }
      if (to != null) {
        q.setParameter("to", Timestamp.from(to));
      }
    }
    rows.setFirstResult(Listing.offset(page, size)).setMaxResults(size);
    List<Found> found = new ArrayList<>();
    for (Object row : rows.getResultList()) {
      Object[] r = (Object[]) row;
      found.add(new Found(((Number) r[0]).longValue(), instant(r[1]), (String) r[2],
          FileVersion.Kind.valueOf((String) r[3]), ((Number) r[4]).longValue(),
          ((Number) r[5]).intValue(), ((Number) r[6]).longValue()));
    }
    return new Listing<>(found, ((Number) count.getSingleResult()).longValue());
  }

  private static Instant instant(Object value) {
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    throw new IllegalStateException("catalog: unexpected time type " + value.getClass());
  }
}
