package org.peervault.repository.retention;

/**
 * The one definition of "a chunk is still referenced", as an SQL condition on a chunk row. Every
 * table whose rows keep a chunk alive adds its clause here, and garbage collection asks nothing
 * else: today the chunk refs of file versions (of open and committed snapshots alike).
 */
public final class ChunkReferences {

  private ChunkReferences() {}

  /**
   * An SQL condition, true when nothing references the chunk of the row aliased {@code alias}
   * (a row of table {@code chunk}); parenthesized, so {@code NOT} may be put before it.
   */
  public static String unreferenced(String alias) {
    return "(NOT EXISTS (SELECT 1 FROM chunk_ref ref WHERE ref.chunk_id = " + alias + ".id))";
  }
}
