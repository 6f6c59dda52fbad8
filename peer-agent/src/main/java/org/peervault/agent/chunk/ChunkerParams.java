package org.peervault.agent.chunk;

/**
 * Chunk size bounds of the {@link Chunker}, in bytes. Every chunk but the last of a file is at
 * least {@code minBytes}; every chunk is at most {@code maxBytes}; boundaries land around
 * {@code avgBytes} on average. Changing them changes every boundary, and so loses deduplication
 * against everything already backed up: treat the defaults as part of the backup format.
 *
 * @param minBytes smallest chunk, except the last of a file; at least 1
 * @param avgBytes target average; a power of two, at least 16
 * @param maxBytes largest chunk; at most {@link #MAX_MAX_BYTES}
 */
public record ChunkerParams(int minBytes, int avgBytes, int maxBytes) {

  /** Upper bound of {@code maxBytes}: the chunker buffers twice this in one array. */
  public static final int MAX_MAX_BYTES = 256 * 1024 * 1024;

  private static final int MIN_AVG_BYTES = 16;

  private static final ChunkerParams DEFAULTS =
      new ChunkerParams(256 * 1024, 1024 * 1024, 4 * 1024 * 1024);

  /**
   * Checks {@code 1 <= min < avg < max <= MAX_MAX_BYTES}, avg a power of two.
   *
   * @throws IllegalArgumentException naming the rule broken and the values
   */
  public ChunkerParams {
    if (minBytes < 1) {
      throw invalid("minBytes must be at least 1",
          minBytes, avgBytes, maxBytes);
    }
    if (!(minBytes < avgBytes && avgBytes < maxBytes)) {
      throw invalid("sizes must satisfy minBytes < avgBytes < maxBytes",
          minBytes, avgBytes, maxBytes);
    }
    if (Integer.bitCount(avgBytes) != 1 || avgBytes < MIN_AVG_BYTES) {
      throw invalid("avgBytes must be a power of two and at least " + MIN_AVG_BYTES,
          minBytes, avgBytes, maxBytes);
    }
    if (maxBytes > MAX_MAX_BYTES) {
      throw invalid("maxBytes must be at most " + MAX_MAX_BYTES,
          minBytes, avgBytes, maxBytes);
    }
  }

  /** 256 KiB / 1 MiB / 4 MiB: the sizes every agent uses, so that identical files dedup. */
  public static ChunkerParams defaults() {
    return DEFAULTS;
  }

  private static IllegalArgumentException invalid(String rule, int minBytes, int avgBytes,
      int maxBytes) {
    // Static: the compact constructor calls it before the fields are assigned.
    return new IllegalArgumentException("invalid chunker sizes: " + rule + " (got min=" + minBytes
        + " avg=" + avgBytes + " max=" + maxBytes + " bytes)");
  }
}
