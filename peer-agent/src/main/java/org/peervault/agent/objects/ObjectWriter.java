package org.peervault.agent.objects;

import com.google.protobuf.ByteString;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.peervault.agent.backup.BackupSettings;
import org.peervault.agent.backup.ChunkBatcher;
import org.peervault.agent.chunk.Chunk;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkStream;
import org.peervault.agent.chunk.Chunker;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.ChunkUploader;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.ChunkRef;

/**
 * Stores a body's bytes as chunks on peers: content-defined chunking, then, in batches, the
 * repository's convergent keys, sealing, placement, uploads and replica confirmations (the
 * backup's {@link ChunkBatcher}), while computing the body's MD5. Memory stays bounded by the
 * chunker's buffer and the batcher's window whatever the body's length. Nothing is committed
 * here: the caller commits the returned chunk list only when the body ended cleanly.
 * Thread-safe; each {@link #write} runs on the caller's thread.
 */
final class ObjectWriter {
  private final RepositoryClient repository;
  private final ChunkUploader uploader;
  private final Sealer sealer = new Sealer();
  private final BackupSettings settings;
  private final Chunker chunker;

  /** What a body became: its chunks in order, its size and its hex MD5. */
  record Written(List<ChunkRef> chunks, long sizeBytes, String md5) {}

  ObjectWriter(RepositoryClient repository, ChunkUploader uploader, BackupSettings settings) {
    this.repository = repository;
    this.uploader = uploader;
    this.settings = settings;
    this.chunker = new Chunker(settings.chunking());
  }

  /**
   * Reads {@code body} to its end and stores its chunks.
   *
   * @param lengthBytes the declared length, or -1 when unknown
   * @throws ObjectStoreException IncompleteBody when the body is shorter or longer than
   *     declared or breaks off; the body's own ObjectStoreException when it refuses itself (a
   *     checksum); ServiceUnavailable when peers or the repository fail
   */
  Written write(InputStream body, long lengthBytes) {
    Counting counting = new Counting(body, lengthBytes);
    List<CompletableFuture<ChunkId>> ids = new ArrayList<>();
    List<ChunkRef.Builder> refs = new ArrayList<>();
    try (ChunkBatcher batcher = new ChunkBatcher(repository, uploader, sealer, settings);
        ChunkStream chunks = chunker.split(counting)) {
      for (Chunk c = chunks.next(); c != null; c = chunks.next()) {
        ByteString hash = ByteString.copyFrom(sha256(c.data()));
        CompletableFuture<ChunkId> id = new CompletableFuture<>();
        refs.add(ChunkRef.newBuilder().setPlainHash(hash).setPlainSizeBytes(c.length()));
        ids.add(id);
        batcher.add(hash, c.data(), id);
      }
      counting.checkComplete();
      batcher.flush();
      batcher.awaitAll();
    } catch (IOException e) {
      throw new ObjectStoreException("IncompleteBody", "object body: reading it failed after "
          + counting.count + " bytes (" + e.getMessage() + "); nothing was stored", e);
    } catch (ObjectStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      ObjectStoreException refused = causeOfType(e);
      if (refused != null) {
        throw refused;
      }
      throw new ObjectStoreException("ServiceUnavailable", "object body: storing it on peers"
          + " failed (" + e.getMessage() + "); nothing was stored, retry", e);
    }
    List<ChunkRef> chunks = new ArrayList<>(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      chunks.add(refs.get(i).setChunkId(ids.get(i).join().hex()).build());
    }
    return new Written(chunks, counting.count, HexFormat.of().formatHex(counting.md5.digest()));
  }

  private static ObjectStoreException causeOfType(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ObjectStoreException refused) {
        return refused;
      }
    }
    return null;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }

  /**
   * Counts and hashes (MD5) what is read, refuses more bytes than declared, and never closes
   * the body: the protocol layer owns it.
   */
  private static final class Counting extends FilterInputStream {
    final MessageDigest md5;
    final long declared;
    long count;

    Counting(InputStream in, long declared) {
      super(in);
      this.declared = declared;
      try {
        this.md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("MD5 is unavailable in this JVM", e);
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        md5.update(b, off, n);
        count += n;
        if (declared >= 0 && count > declared) {
          throw new ObjectStoreException("IncompleteBody", "object body: more than the declared "
              + declared + " bytes arrived; nothing was stored");
        }
      }
      return n;
    }

    void checkComplete() {
      if (declared >= 0 && count != declared) {
        throw new ObjectStoreException("IncompleteBody", "object body: " + count + " of the"
            + " declared " + declared + " bytes arrived; nothing was stored");
      }
    }

    @Override
    public void close() {
      // The protocol layer closes the body.
    }
  }
}
