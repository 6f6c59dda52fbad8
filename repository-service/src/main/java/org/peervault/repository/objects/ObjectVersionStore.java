package org.peervault.repository.objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Data access for object versions and their chunks, set-based: a version's chunks of any number
 * are one statement. Callers provide the transaction.
 */
@ApplicationScoped
class ObjectVersionStore {
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
  private static final String COLUMNS = "SELECT id, key, size_bytes, etag, created_at,"
      + " content_type, content_headers::text, user_metadata::text FROM s3_object";

  @Inject
  ObjectSql sql;

  @Inject
  ObjectMapper json;

  /**
   * Serializes writers of one key until the transaction ends, so that replacing a key (delete,
   * then insert) never races another writer of the same key.
   */
  void lockKey(long bucketId, String key) {
    sql.query("locking key", "SELECT pg_advisory_xact_lock(hashtextextended(? || '/' || ?, 7))",
        (c, ps) -> {
          ps.setLong(1, bucketId);
          ps.setString(2, key);
        }, rs -> 1);
  }

  Optional<StoredObject> find(long bucketId, String key) {
    return sql.query("reading object", COLUMNS + " WHERE bucket_id = ? AND key = ?", (c, ps) -> {
      ps.setLong(1, bucketId);
      ps.setString(2, key);
    }, this::row).stream().findFirst();
  }

  /** A version of a key, while it is still the key's current version. */
  Optional<StoredObject> findVersion(long bucketId, String key, long version) {
    return sql.query("reading object", COLUMNS + " WHERE bucket_id = ? AND key = ? AND id = ?",
        (c, ps) -> {
          ps.setLong(1, bucketId);
          ps.setString(2, key);
          ps.setLong(3, version);
        }, this::row).stream().findFirst();
  }

  /** Records a version without chunks; returns its id. */
  long insert(long bucketId, String key, long sizeBytes, String etag, ObjectHeaders headers,
      Instant now) {
    return sql.query("recording object", "INSERT INTO s3_object (bucket_id, key, size_bytes,"
        + " etag, content_type, content_headers, user_metadata, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?) RETURNING id", (c, ps) -> {
          ps.setLong(1, bucketId);
          ps.setString(2, key);
          ps.setLong(3, sizeBytes);
          ps.setString(4, etag);
          ps.setString(5, headers.contentType());
          ps.setString(6, write(headers.contentHeaders()));
          ps.setString(7, write(headers.userMetadata()));
          ps.setObject(8, ObjectSql.time(now));
        }, rs -> rs.getLong(1)).get(0);
  }

  /** Records a version's chunks in order, with their offsets. */
  void insertChunks(long objectId, List<ChunkSlice> chunks) {
    if (chunks.isEmpty()) {
      return;
    }
    String[] ids = new String[chunks.size()];
    Long[] sizes = new Long[chunks.size()];
    for (int i = 0; i < chunks.size(); i++) {
      ids[i] = chunks.get(i).chunkId();
      sizes[i] = chunks.get(i).plainSizeBytes();
    }
    sql.update("recording object chunks", "INSERT INTO s3_object_chunk (object_id, seq, chunk_id,"
        + " plain_size_bytes, offset_bytes) SELECT ?, u.n - 1, u.c, u.s,"
        + " coalesce(sum(u.s) OVER (ORDER BY u.n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
        + " FROM unnest(?::text[], ?::bigint[]) WITH ORDINALITY AS u(c, s, n)", (c, ps) -> {
          ps.setLong(1, objectId);
          ps.setArray(2, c.createArrayOf("text", ids));
          ps.setArray(3, c.createArrayOf("bigint", sizes));
        });
  }

  /** Gives a new version the chunks of another one (a copy: no chunk moves). */
  void copyChunks(long fromObjectId, long toObjectId) {
    sql.update("copying object chunks", "INSERT INTO s3_object_chunk (object_id, seq, chunk_id,"
        + " plain_size_bytes, offset_bytes) SELECT ?, seq, chunk_id, plain_size_bytes,"
        + " offset_bytes FROM s3_object_chunk WHERE object_id = ?", (c, ps) -> {
          ps.setLong(1, toObjectId);
          ps.setLong(2, fromObjectId);
        });
  }

  /** Gives a new version the chunks of an upload's parts, in ascending part order. */
  void insertPartChunks(long objectId, long uploadRowId, List<Integer> partNumbers) {
    sql.update("joining parts", "INSERT INTO s3_object_chunk (object_id, seq, chunk_id,"
        + " plain_size_bytes, offset_bytes) SELECT ?, (row_number() OVER w) - 1, p.chunk_id,"
        + " p.plain_size_bytes, coalesce(sum(p.plain_size_bytes) OVER (w ROWS BETWEEN UNBOUNDED"
        + " PRECEDING AND 1 PRECEDING), 0) FROM s3_part_chunk p WHERE p.upload_id = ?"
        + " AND p.part_number = ANY (?) WINDOW w AS (ORDER BY p.part_number, p.seq)", (c, ps) -> {
          ps.setLong(1, objectId);
          ps.setLong(2, uploadRowId);
          ps.setArray(3, c.createArrayOf("integer", partNumbers.toArray()));
        });
  }

  /** Deletes the key's current version with its chunk list; returns the rows deleted. */
  int delete(long bucketId, String key) {
    return sql.update("deleting object", "DELETE FROM s3_object WHERE bucket_id = ? AND key = ?",
        (c, ps) -> {
          ps.setLong(1, bucketId);
          ps.setString(2, key);
        });
  }

  /** Up to {@code limit} objects with the prefix after {@code startAfter}, in byte order. */
  List<StoredObject> list(long bucketId, String prefix, String startAfter, int limit) {
    return sql.query("listing objects", COLUMNS + " WHERE bucket_id = ? AND key > ?"
        + " AND starts_with(key, ?) ORDER BY key LIMIT ?", (c, ps) -> {
          ps.setLong(1, bucketId);
          ps.setString(2, startAfter);
          ps.setString(3, prefix);
          ps.setInt(4, limit);
        }, this::row);
  }

  /** Up to {@code max} consecutive chunks of a version from the one holding {@code offset}. */
  List<ObjectSpan> spans(long objectId, long offsetBytes, int max) {
    return sql.query("locating object chunks", "SELECT chunk_id, offset_bytes, plain_size_bytes"
        + " FROM s3_object_chunk WHERE object_id = ? AND offset_bytes + plain_size_bytes > ?"
        + " AND offset_bytes >= (SELECT coalesce(max(offset_bytes), 0) FROM s3_object_chunk"
        + " WHERE object_id = ? AND offset_bytes <= ?) ORDER BY seq LIMIT ?", (c, ps) -> {
          ps.setLong(1, objectId);
          ps.setLong(2, offsetBytes);
          ps.setLong(3, objectId);
          ps.setLong(4, offsetBytes);
          ps.setInt(5, max);
        }, rs -> new ObjectSpan(rs.getString(1), rs.getLong(2), rs.getLong(3)));
  }

  private StoredObject row(ResultSet rs) throws SQLException {
    return new StoredObject(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
        ObjectSql.instant(rs, 5), new ObjectHeaders(rs.getString(6), read(rs.getString(7)),
            read(rs.getString(8))));
  }

  String write(Map<String, String> map) {
    try {
      return json.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("objects: cannot write headers as JSON", e);
    }
  }

  Map<String, String> read(String text) {
    try {
      return json.readValue(text, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("objects: stored headers are not a JSON object", e);
    }
  }
}
