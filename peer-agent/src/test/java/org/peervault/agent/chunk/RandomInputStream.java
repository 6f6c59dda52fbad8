package org.peervault.agent.chunk;

import java.io.InputStream;
import java.util.Random;

/**
 * A deterministic stream of {@code length} pseudo-random bytes ({@link Random} is specified
 * exactly, so the bytes are the same on every JDK), generated as read: no memory grows with
 * the length.
 */
final class RandomInputStream extends InputStream {

  private final Random random;
  private final byte[] block = new byte[64 * 1024];
  private long remaining;
  private int blockPos = block.length;

  RandomInputStream(long seed, long length) {
    this.random = new Random(seed);
    this.remaining = length;
  }

  /** The same bytes as a stream of this seed and length, in one array. */
  static byte[] bytes(long seed, int length) {
    byte[] out = new byte[length];
    try (RandomInputStream in = new RandomInputStream(seed, length)) {
      int read = 0;
      while (read < length) {
        read += in.read(out, read, length - read);
      }
    }
    return out;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (remaining == 0) {
      return -1;
    }
    if (blockPos == block.length) {
      random.nextBytes(block);
      blockPos = 0;
    }
    int n = (int) Math.min(Math.min(len, block.length - blockPos), remaining);
    System.arraycopy(block, blockPos, b, off, n);
    blockPos += n;
    remaining -= n;
    return n;
  }

  @Override
  public void close() {}
}
