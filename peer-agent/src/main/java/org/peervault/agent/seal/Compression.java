package org.peervault.agent.seal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import org.peervault.agent.chunk.ChunkId;

/**
 * The compression step of sealing: zstd level 3, with bounded decompression. Stateless and
 * thread-safe.
 */
final class Compression {

  /** zstd level: level 3 is zstd's default balance of speed and ratio. */
  static final int ZSTD_LEVEL = 3;

  private Compression() {}

  /** Compressed bytes: {@code length()} valid bytes at the start of {@code buffer()}. */
  record Compressed(byte[] buffer, int length) {}

  /** zstd of {@code plain}; the frame records the content size, which {@link #decompress} needs. */
  static Compressed compress(byte[] plain) {
    byte[] out = new byte[Math.toIntExact(Zstd.compressBound(plain.length))];
    long length = Zstd.compressByteArray(out, 0, out.length, plain, 0, plain.length, ZSTD_LEVEL);
    if (Zstd.isError(length)) {
      throw new IllegalStateException("zstd failed to compress " + plain.length + " bytes: "
          + Zstd.getErrorName(length));
    }
    return new Compressed(out, (int) length);
  }

  /**
   * Decompresses one zstd frame whose declared content size is at most {@code maxPlainBytes}.
   * The output array is sized from the declaration and zstd cannot write past it, so a frame that
   * lies about its size fails instead of growing memory.
   */
  static byte[] decompress(ChunkId id, byte[] compressed, int maxPlainBytes) {
    long declared = Zstd.getFrameContentSize(compressed, 0, compressed.length);
    if (declared < 0) {
      throw new ChunkDecryptionException(id, "its zstd frame does not declare a content size ("
          + Zstd.getErrorName(declared) + "); PeerVault always writes one");
    }
    if (declared > maxPlainBytes) {
      throw new ChunkDecryptionException(id, "its zstd frame declares " + declared
          + " plaintext bytes, more than the limit of " + maxPlainBytes
          + " bytes; refusing a possible decompression bomb");
    }
    byte[] plain = new byte[(int) declared];
    long length;
    try {
      length = Zstd.decompressByteArray(plain, 0, plain.length, compressed, 0, compressed.length);
    } catch (ZstdException e) {
      throw new ChunkDecryptionException(id, "zstd decompression failed: " + e.getMessage(), e);
    }
    if (Zstd.isError(length)) {
      throw new ChunkDecryptionException(id, "zstd decompression failed: "
          + Zstd.getErrorName(length));
    }
    if (length != declared) {
      throw new ChunkDecryptionException(id, "zstd decompressed " + length
          + " bytes but the frame declares " + declared);
    }
    return plain;
  }
}
