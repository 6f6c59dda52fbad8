package org.peervault.agent.chunk;

/**
 * The 256 random 64-bit values of the FastCDC gear hash, one per byte value. They are generated
 * by SplitMix64 from a fixed seed, written out here rather than taken from {@code java.util}
 * generators, so that every agent on every JDK cuts the same boundaries: the table is part of the
 * backup format, and changing it loses deduplication against all existing backups.
 */
final class GearTable {

  /** "PEERVLT1" in ASCII. */
  static final long SEED = 0x5045_4552_564c_5431L;

  private static final long[] GEAR = generate(SEED);

  private GearTable() {}

  /** The table; callers must not modify it. */
  static long[] gear() {
    return GEAR;
  }

  private static long[] generate(long seed) {
    long[] table = new long[256];
    long state = seed;
    for (int i = 0; i < table.length; i++) {
      // SplitMix64 (Steele, Lea, Flood 2014), as in its reference implementation.
      state += 0x9e3779b97f4a7c15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      table[i] = z ^ (z >>> 31);
    }
    return table;
  }
}
