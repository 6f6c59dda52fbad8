package org.peervault.repository.retention;

/**
 * The one definition of "a chunk is still referenced", as an SQL condition on a chunk row. Every
 * table whose rows keep a chunk alive adds its clause here, and garbage collection asks nothing
 * else: the chunk refs of file versions (of open and committed snapshots alike), and the chunks of
 * S3 object versions and of the parts of multipart uploads in progress.
 */
public final class ChunkReferences {

  private ChunkReferences() {}

  /**
   * An SQL condition, true when nothing references the chunk of the row aliased {@code alias}
   * (a row of table {@code chunk}); parenthesized, so {@code NOT} may be put before it.
   */
  public static String unreferenced(String alias) {
    return "(NOT EXISTS (SELECT 1 FROM chunk_ref ref WHERE ref.chunk_id = " + alias + ".id)"
        + " AND NOT EXISTS (SELECT 1 FROM s3_object_chunk oc WHERE oc.chunk_id = " + alias
        + ".id) AND NOT EXISTS (SELECT 1 FROM s3_part_chunk pc WHERE pc.chunk_id = " + alias
        + ".id))";
  }
}
