package org.peervault.agent.index;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import com.google.protobuf.ByteString;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.scan.FileStamp;

/**
 * What the index remembers of one regular file: the stamp it had when it was read, and its content
 * as chunks. Encoded as {@code version(1) size mtime ctime inode count (id(32) hash(32) size(4))*}.
 *
 * @param stamp size, mtime, ctime and inode when the file was read
 * @param chunks its content, in order
 */
public record IndexedFile(FileStamp stamp, List<IndexedChunk> chunks) {
  static final byte VERSION = 1;
  private static final int HEADER_BYTES = 1 + 4 * 8 + 4;
  private static final int CHUNK_BYTES = 32 + 32 + 4;

  public IndexedFile {
    chunks = List.copyOf(chunks);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER_BYTES + chunks.size() * CHUNK_BYTES);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(stamp.sizeBytes());
      out.writeLong(stamp.mtimeMillis());
      out.writeLong(stamp.ctimeMillis());
      out.writeLong(stamp.inode());
      out.writeInt(chunks.size());
      for (IndexedChunk chunk : chunks) {
        out.write(chunk.id().bytes());
        out.write(chunk.plainHash().toByteArray());
        out.writeInt(chunk.plainSizeBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a value; throws IllegalArgumentException for anything malformed. */
  static IndexedFile decode(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("index entry version " + version + ", expected " + VERSION);
      }
      FileStamp stamp = new FileStamp(in.readLong(), in.readLong(), in.readLong(), in.readLong());
      int count = in.readInt();
      if (count < 0 || count > (value.length - HEADER_BYTES) / CHUNK_BYTES) {
        throw new IllegalArgumentException("index entry claims " + count + " chunks");
      }
      List<IndexedChunk> chunks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] id = in.readNBytes(32);
        byte[] hash = in.readNBytes(32);
        chunks.add(new IndexedChunk(ChunkId.parse(java.util.HexFormat.of().formatHex(id)),
            ByteString.copyFrom(hash), in.readInt()));
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("index entry has trailing bytes");
      }
      return new IndexedFile(stamp, chunks);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated index entry", e);
    }
  }
}
