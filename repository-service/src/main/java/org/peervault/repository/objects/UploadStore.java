package org.peervault.repository.objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Data access for multipart uploads and their parts. Callers provide the transaction. */
@ApplicationScoped
class UploadStore {
  private static final String COLUMNS = "SELECT id, upload_id, key, content_type,"
      + " content_headers::text, user_metadata::text, created_at FROM s3_upload";

  @Inject
  ObjectSql sql;

  @Inject
  ObjectVersionStore versions;

  /** An upload row; {@code id} is internal, {@code uploadId} what clients see. */
  record Row(long id, String uploadId, String key, ObjectHeaders headers, Instant createdAt) {}

  /** A stored part. */
  record PartRow(int partNumber, long sizeBytes, String etag, Instant createdAt) {}

  long insert(String uploadId, long bucketId, String key, ObjectHeaders headers,
      long initiatedBy, Instant now) {
    return sql.query("starting upload", "INSERT INTO s3_upload (upload_id, bucket_id, key,"
        + " content_type, content_headers, user_metadata, initiated_by, created_at)"
        + " VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?) RETURNING id", (c, ps) -> {
          ps.setString(1, uploadId);
          ps.setLong(2, bucketId);
          ps.setString(3, key);
          ps.setString(4, headers.contentType());
          ps.setString(5, versions.write(headers.contentHeaders()));
          ps.setString(6, versions.write(headers.userMetadata()));
          ps.setLong(7, initiatedBy);
          ps.setObject(8, ObjectSql.time(now));
        }, rs -> rs.getLong(1)).get(0);
  }

  /**
   * The upload of this bucket and key; {@code exclusive} locks it against concurrent parts
   * (complete, abort), else it is locked against completion only (a part commit).
   */
  Optional<Row> find(long bucketId, String key, String uploadId, boolean exclusive) {
    return sql.query("reading upload", COLUMNS + " WHERE bucket_id = ? AND key = ?"
        + " AND upload_id = ?" + (exclusive ? " FOR UPDATE" : " FOR SHARE"), (c, ps) -> {
          ps.setLong(1, bucketId);
          ps.setString(2, key);
          ps.setString(3, uploadId);
        }, this::row).stream().findFirst();
  }

  /** Records a part, replacing an earlier one of the same number with its chunks. */
  void replacePart(long uploadRowId, int partNumber, long sizeBytes, String etag, Instant now,
      List<ChunkSlice> chunks) {
    sql.update("recording part", "INSERT INTO s3_part (upload_id, part_number, size_bytes, etag,"
        + " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (upload_id, part_number) DO UPDATE"
        + " SET size_bytes = EXCLUDED.size_bytes, etag = EXCLUDED.etag,"
        + " created_at = EXCLUDED.created_at", (c, ps) -> {
          ps.setLong(1, uploadRowId);
          ps.setInt(2, partNumber);
          ps.setLong(3, sizeBytes);
          ps.setString(4, etag);
          ps.setObject(5, ObjectSql.time(now));
        });
    sql.update("replacing part chunks", "DELETE FROM s3_part_chunk WHERE upload_id = ?"
        + " AND part_number = ?", (c, ps) -> {
          ps.setLong(1, uploadRowId);
          ps.setInt(2, partNumber);
        });
    if (chunks.isEmpty()) {
      return;
    }
    String[] ids = chunks.stream().map(ChunkSlice::chunkId).toArray(String[]::new);
    Long[] sizes = chunks.stream().map(ChunkSlice::plainSizeBytes).toArray(Long[]::new);
    sql.update("recording part chunks", "INSERT INTO s3_part_chunk (upload_id, part_number, seq,"
        + " chunk_id, plain_size_bytes) SELECT ?, ?, u.n - 1, u.c, u.s"
        + " FROM unnest(?::text[], ?::bigint[]) WITH ORDINALITY AS u(c, s, n)", (c, ps) -> {
          ps.setLong(1, uploadRowId);
          ps.setInt(2, partNumber);
          ps.setArray(3, c.createArrayOf("text", ids));
          ps.setArray(4, c.createArrayOf("bigint", sizes));
        });
  }

  List<PartRow> parts(long uploadRowId) {
    return sql.query("listing parts", "SELECT part_number, size_bytes, etag, created_at"
        + " FROM s3_part WHERE upload_id = ? ORDER BY part_number", (c, ps) -> ps.setLong(1,
            uploadRowId), rs -> new PartRow(rs.getInt(1), rs.getLong(2), rs.getString(3),
            ObjectSql.instant(rs, 4)));
  }

  /** Deletes an upload with its parts. */
  void delete(long uploadRowId) {
    sql.update("deleting upload", "DELETE FROM s3_upload WHERE id = ?",
        (c, ps) -> ps.setLong(1, uploadRowId));
  }

  /** Uploads of a bucket whose keys start with the prefix, by key then start. */
  List<Row> list(long bucketId, String prefix, int limit) {
    return sql.query("listing uploads", COLUMNS + " WHERE bucket_id = ? AND starts_with(key, ?)"
        + " ORDER BY key, created_at, id LIMIT ?", (c, ps) -> {
          ps.setLong(1, bucketId);
          ps.setString(2, prefix);
          ps.setInt(3, limit);
        }, this::row);
  }

  private Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
        new ObjectHeaders(rs.getString(4), versions.read(rs.getString(5)),
            versions.read(rs.getString(6))), ObjectSql.instant(rs, 7));
  }
}
