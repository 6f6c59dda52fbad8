package org.peervault.agent.backup;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.peervault.agent.chunk.Chunk;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkStream;
import org.peervault.agent.chunk.Chunker;
import org.peervault.agent.chunk.ChunkerParams;
import org.peervault.agent.chunk.Hashes;
import org.peervault.agent.scan.Entry;
import org.peervault.agent.scan.FileStamp;

/**
 * Reads one regular file into chunks as a stream (memory bounded by one chunk, whatever the file's
 * size) and checks it stood still: its stamp (size, mtime, ctime, inode) after the read must equal
 * the stamp before, and the bytes read must equal its size. A file that changed is read again, up to
 * {@link #ATTEMPTS} times in all, then reported with {@link FileChangedException}; a file that
 * disappears is reported with {@link NoSuchFileException}. Used by one thread.
 */
final class SourceReader {
  static final int ATTEMPTS = 3;
  private static final Logger LOG = Logger.getLogger(SourceReader.class.getName());

  /** Takes a chunk's plaintext; returns its id to come (the claimer decides whether to send it). */
  @FunctionalInterface
  interface Claimer {
    CompletableFuture<ChunkId> claim(ByteString plainHash, byte[] plain);
  }

  private final Backup.SourceOpener opener;
  private final ChunkerParams chunking;
  private final Claimer claimer;
  private final LongConsumer bytesRead;

  SourceReader(Backup.SourceOpener opener, ChunkerParams chunking, Claimer claimer, LongConsumer bytesRead) {
    this.opener = opener;
    this.chunking = chunking;
    this.claimer = claimer;
    this.bytesRead = bytesRead;
  }

  /** The file's content as chunks, as of a stamp it kept for the whole read. */
  PendingFile read(Entry entry) throws IOException {
    FileStamp before = entry.stamp();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (attempt > 1) {
        before = FileStamp.read(entry.source());
      }
      List<PendingFile.Part> parts = new ArrayList<>();
      long size = readOnce(entry, parts);
      FileStamp after;
      try {
        after = FileStamp.read(entry.source());
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(entry.snapshotPath(), null, "vanished while being read");
      }
      if (after.equals(before) && size == after.sizeBytes()) {
        return new PendingFile(entry.restamped(after), size, parts);
      }
      FileStamp was = before;
      int tried = attempt;
      LOG.info(() -> "event=file_changed_while_read path=\"" + entry.snapshotPath() + "\" attempt=" + tried
          + " size_before=" + was.sizeBytes() + " size_after=" + after.sizeBytes() + " read=" + size);
    }
    throw new FileChangedException(entry.snapshotPath(), ATTEMPTS);
  }

  private long readOnce(Entry entry, List<PendingFile.Part> parts) throws IOException {
    long size = 0;
    try (InputStream in = opener.open(entry.source());
        ChunkStream chunks = new Chunker(chunking).split(in, entry.sizeBytes())) {
      Chunk chunk;
      while ((chunk = chunks.next()) != null) {
        ByteString hash = ByteString.copyFrom(Hashes.sha256(chunk.data()));
        parts.add(new PendingFile.Part(claimer.claim(hash, chunk.data()), hash, chunk.data().length));
        size += chunk.data().length;
        bytesRead.accept(chunk.data().length);
      }
    }
    return size;
  }
}
