package org.peervault.agent.objects;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.proto.v1.LocateObjectResponse;
import org.peervault.proto.v1.ObjectChunk;

/**
 * The bytes {@code [offset, offset + length)} of one object version, in order. Chunk locations
 * come from the repository a page at a time (each page with fresh fetch grants); up to
 * {@code readAhead} chunks are fetched at once, each starting at a different replica so that
 * several peers serve one read, each falling back to the other replicas on any error
 * ({@link ChunkFetcher}). Memory holds at most {@code readAhead} chunks plus the one being read.
 * For one reading thread.
 */
final class ObjectReader extends InputStream {
  /** Fetches the page of chunks that starts at an object offset. */
  interface Pages {
    LocateObjectResponse from(long offsetBytes);
  }

  private record Pending(ObjectChunk chunk, CompletableFuture<byte[]> plain) {}

  private final Pages pages;
  private final ChunkFetcher fetcher;
  private final Executor fetches;
  private final int readAhead;
  private final long end;
  private final AtomicLong nextReplica;
  private final Deque<ObjectChunk> located = new ArrayDeque<>();
  private final Deque<Pending> inFlight = new ArrayDeque<>();
  private long locatedUpTo;
  private boolean lastPage;
  private long position;
  private byte[] current = new byte[0];
  private int currentPos;
  private int currentLimit;
  private boolean closed;

  /**
   * A reader of {@code lengthBytes} from {@code offsetBytes}; {@code first} is the page for
   * {@code offsetBytes} when the caller already has it.
   */
  ObjectReader(Pages pages, LocateObjectResponse first, long offsetBytes, long lengthBytes,
      ChunkFetcher fetcher, Executor fetches, int readAhead, AtomicLong nextReplica) {
    this.pages = pages;
    this.fetcher = fetcher;
    this.fetches = fetches;
    this.readAhead = readAhead;
    this.nextReplica = nextReplica;
    this.position = offsetBytes;
    this.end = offsetBytes + lengthBytes;
    this.locatedUpTo = offsetBytes;
    accept(first);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("object read: the stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    while (currentPos == currentLimit) {
      if (position >= end) {
        return -1;
      }
      advance();
    }
    int n = Math.min(len, currentLimit - currentPos);
    System.arraycopy(current, currentPos, b, off, n);
    currentPos += n;
    position += n;
    return n;
  }

  /** Makes the next chunk current, keeping the read-ahead window full. */
  private void advance() throws IOException {
    fill();
    Pending next = inFlight.pollFirst();
    if (next == null) {
      throw new IOException("object read: the object ended at byte " + position + " but "
          + end + " were expected; it was replaced or deleted meanwhile");
    }
    byte[] plain;
    try {
      plain = next.plain().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException("object read: " + cause.getMessage(), cause);
    }
    ObjectChunk c = next.chunk();
    if (plain.length != c.getPlainSizeBytes()) {
      throw new IOException("object read: chunk at byte " + c.getOffsetBytes() + " has "
          + plain.length + " bytes, the catalog says " + c.getPlainSizeBytes());
    }
    current = plain;
    currentPos = (int) Math.max(0, position - c.getOffsetBytes());
    currentLimit = (int) Math.min(plain.length, end - c.getOffsetBytes());
    fill();
  }

  private void fill() {
    while (inFlight.size() < readAhead) {
      if (located.isEmpty() && !lastPage && locatedUpTo < end) {
        accept(pages.from(locatedUpTo));
      }
      ObjectChunk c = located.pollFirst();
      if (c == null) {
        return;
      }
      int start = (int) nextReplica.getAndIncrement();
      inFlight.add(new Pending(c, CompletableFuture.supplyAsync(
          () -> fetcher.fetch(c.getLocation(), start), fetches)));
    }
  }

  private void accept(LocateObjectResponse page) {
    if (page.getChunksCount() == 0) {
      lastPage = true;
      return;
    }
    for (ObjectChunk c : page.getChunksList()) {
      if (c.getOffsetBytes() >= end) {
        lastPage = true;
        return;
      }
      if (c.getOffsetBytes() + c.getPlainSizeBytes() > locatedUpTo) {
        located.add(c);
        locatedUpTo = c.getOffsetBytes() + c.getPlainSizeBytes();
      }
    }
    lastPage = locatedUpTo >= page.getObject().getSizeBytes();
  }

  @Override
  public void close() {
    closed = true;
    inFlight.forEach(p -> p.plain().cancel(true));
    inFlight.clear();
    located.clear();
    current = new byte[0];
  }
}
