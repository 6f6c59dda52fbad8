package org.peervault.agent.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/** Wraps a stream and returns 1 to 7 bytes per read, like a slow network. */
final class TinyReadsInputStream extends InputStream {

  private final InputStream in;
  private final Random random = new Random(7);

  TinyReadsInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    return in.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return in.read(b, off, Math.min(len, 1 + random.nextInt(7)));
  }
}
