package org.peervault.agent.chunk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts a stream into content-defined chunks with FastCDC (Xia et al., "FastCDC: a Fast and
 * Efficient Content-Defined Chunking Approach for Data Deduplication", USENIX ATC 2016).
 *
 * <p>A gear hash {@code fp = (fp << 1) + GEAR[byte]} rolls over the bytes; a boundary falls after
 * a byte where the top bits of {@code fp} are all zero (the top bits depend on the last 64 bytes,
 * the hash's window). Hashing starts {@code minBytes} into a chunk (cut-point skipping), and
 * chunking is normalized (paper, section 3.3, level 2): before {@code avgBytes} a boundary needs
 * two more zero bits than the average suggests, after it two fewer, which narrows the size
 * spread around the average. A chunk ends at {@code maxBytes} at the latest.
 *
 * <p>Memory is bounded: each {@link ChunkStream} reads through one buffer of at most
 * {@code 2 * maxBytes} and never holds the whole input, so inputs of any length (beyond 4 GiB)
 * work. The buffer starts at the expected input size (a small file gets a small buffer, not 8 MiB
 * to zero and collect) and grows when the input is longer. Boundaries depend neither on how the
 * input stream fragments its reads nor on the expected size.
 *
 * <p>Immutable and thread-safe; each stream it returns is for one thread.
 */
public final class Chunker {

  /** Normalization level: extra (before avg) and fewer (after avg) mask bits. */
  private static final int NORMALIZATION_BITS = 2;
  /** The smallest first buffer of a stream. */
  private static final int MIN_BUFFER_BYTES = 8 * 1024;

  private final ChunkerParams params;
  private final long maskStrict;
  private final long maskLoose;

  /** A chunker for the given size bounds. */
  public Chunker(ChunkerParams params) {
    this.params = Objects.requireNonNull(params, "params");
    int bits = Integer.numberOfTrailingZeros(params.avgBytes());
    this.maskStrict = topBits(bits + NORMALIZATION_BITS);
    this.maskLoose = topBits(bits - NORMALIZATION_BITS);
  }

  /** The size bounds of this chunker. */
  public ChunkerParams params() {
    return params;
  }

  /**
   * The chunks of {@code in}, read lazily. Closing the returned stream closes {@code in}.
   */
  public ChunkStream split(InputStream in) {
    return split(in, Long.MAX_VALUE);
  }

  /**
   * The chunks of {@code in}, expected to hold about {@code expectedBytes} bytes (a file's size;
   * only the first buffer's size depends on it). Closing the returned stream closes {@code in}.
   */
  public ChunkStream split(InputStream in, long expectedBytes) {
    long first = Math.max(MIN_BUFFER_BYTES, Math.min(expectedBytes, Integer.MAX_VALUE - 1) + 1);
    return new BufferedChunkStream(Objects.requireNonNull(in, "in"),
        (int) Math.min(first, 2L * params.maxBytes()));
  }

  /**
   * Length of the chunk that starts at {@code buf[start]}, given {@code available} bytes from
   * there. Callers pass at least {@code maxBytes} bytes unless the input ends sooner, so the
   * result depends on the content only.
   */
  int cutPoint(byte[] buf, int start, int available) {
    int min = params.minBytes();
    if (available <= min) {
      return available;
    }
    int end = Math.min(available, params.maxBytes());
    int normal = Math.min(end, params.avgBytes());
    long[] gear = GearTable.gear();
    long fp = 0;
    int i = min;
    for (; i < normal; i++) {
      fp = (fp << 1) + gear[buf[start + i] & 0xff];
      if ((fp & maskStrict) == 0) {
        return i + 1;
      }
    }
    for (; i < end; i++) {
      fp = (fp << 1) + gear[buf[start + i] & 0xff];
      if ((fp & maskLoose) == 0) {
        return i + 1;
      }
    }
    return end;
  }

  private static long topBits(int count) {
    return count <= 0 ? 0L : -1L << (Long.SIZE - count);
  }

  /**
   * Reads through one buffer that grows up to 2 * maxBytes; refills when less than maxBytes
   * remain, so a cut point always sees maxBytes of input or the input's end.
   */
  private final class BufferedChunkStream implements ChunkStream {
    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private long offset;
    private boolean endOfInput;
    private boolean closed;

    BufferedChunkStream(InputStream in, int firstBufferBytes) {
      this.in = in;
      this.buf = new byte[firstBufferBytes];
    }

    @Override
    public Chunk next() throws IOException {
      if (closed) {
        throw new IllegalStateException("chunk stream is closed");
      }
      if (limit - pos < params.maxBytes() && !endOfInput) {
        refill();
      }
      int available = limit - pos;
      if (available == 0) {
        return null;
      }
      int length = cutPoint(buf, pos, available);
      Chunk chunk = new Chunk(offset, Arrays.copyOfRange(buf, pos, pos + length));
      pos += length;
      offset += length;
      return chunk;
    }

    private void refill() throws IOException {
      int remaining = limit - pos;
      System.arraycopy(buf, pos, buf, 0, remaining);
      pos = 0;
      limit = remaining;
      while (limit < buf.length) {
        int read = in.read(buf, limit, buf.length - limit);
        if (read < 0) {
          endOfInput = true;
          return;
        }
        limit += read;
        if (limit == buf.length && buf.length < 2 * params.maxBytes()) {
          buf = Arrays.copyOf(buf, (int) Math.min(2L * buf.length, 2L * params.maxBytes()));
        }
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      in.close();
    }
  }
}
