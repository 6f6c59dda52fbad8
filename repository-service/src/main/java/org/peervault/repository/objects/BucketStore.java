package org.peervault.repository.objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Data access for buckets; one statement per method. Callers provide the transaction. */
@ApplicationScoped
class BucketStore {

  @Inject
  ObjectSql sql;

  /** A bucket row. */
  record Row(long id, String name, long ownerUserId, Instant createdAt) {}

  /** How a bucket row is locked while it is read. */
  enum Lock {
    /** No lock: reads. */
    NONE(""),
    /** Objects and uploads are being added: a concurrent delete waits. */
    CONTENT(" FOR KEY SHARE"),
    /** The bucket is being deleted: writers wait. */
    DELETE(" FOR UPDATE");

    final String clause;

    Lock(String clause) {
      this.clause = clause;
    }
  }

  private static final String COLUMNS = "SELECT id, name, owner_user_id, created_at FROM s3_bucket";

  /** Records a bucket unless the name is taken; returns whether it was recorded. */
  boolean insertIfAbsent(long organizationId, String name, long ownerUserId, Instant now) {
    return sql.update("creating bucket", "INSERT INTO s3_bucket (organization_id, name,"
        + " owner_user_id, created_at) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (organization_id, name) DO NOTHING", (c, ps) -> {
          ps.setLong(1, organizationId);
          ps.setString(2, name);
          ps.setLong(3, ownerUserId);
          ps.setObject(4, ObjectSql.time(now));
        }) == 1;
  }

  Optional<Row> find(long organizationId, String name, Lock lock) {
    return sql.query("reading bucket", COLUMNS + " WHERE organization_id = ? AND name = ?"
        + lock.clause, (c, ps) -> {
          ps.setLong(1, organizationId);
          ps.setString(2, name);
        }, BucketStore::row).stream().findFirst();
  }

  List<Row> listOwned(long organizationId, long ownerUserId) {
    return sql.query("listing buckets", COLUMNS + " WHERE organization_id = ?"
        + " AND owner_user_id = ? ORDER BY name COLLATE \"C\"", (c, ps) -> {
          ps.setLong(1, organizationId);
          ps.setLong(2, ownerUserId);
        }, BucketStore::row);
  }

  /** Whether the bucket holds an object or an upload in progress. */
  boolean hasContent(long bucketId) {
    return !sql.query("checking bucket", "SELECT 1 WHERE EXISTS (SELECT 1 FROM s3_object WHERE"
        + " bucket_id = ?) OR EXISTS (SELECT 1 FROM s3_upload WHERE bucket_id = ?)", (c, ps) -> {
          ps.setLong(1, bucketId);
          ps.setLong(2, bucketId);
        }, rs -> 1).isEmpty();
  }

  void delete(long bucketId) {
    sql.update("deleting bucket", "DELETE FROM s3_bucket WHERE id = ?",
        (c, ps) -> ps.setLong(1, bucketId));
  }

  private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), ObjectSql.instant(rs, 4));
  }
}
