package org.peervault.agent.seal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import org.peervault.agent.chunk.ChunkId;

/**
 * The compression step of sealing: zstd level 3, with bounded decompression. Large plaintexts are
 * compressed only when a sample from their middle shrinks: already-compressed or encrypted data
 * (media, archives) is then not run through zstd for nothing. Each thread keeps its own zstd
 * contexts, so a chunk costs no context set-up. Thread-safe.
 */
final class Compression {

  /** zstd level: level 3 is zstd's default balance of speed and ratio. */
  static final int ZSTD_LEVEL = 3;
  /** Plaintexts from this size on are sampled before they are compressed. */
  static final int SAMPLE_FROM_BYTES = 64 * 1024;
  private static final int SAMPLE_BYTES = 16 * 1024;
  /** A sample that does not shrink below this share of its size marks the plaintext incompressible. */
  private static final double SAMPLE_WORTH_RATIO = 0.97;

  private static final ThreadLocal<ZstdCompressCtx> COMPRESS = ThreadLocal.withInitial(
      () -> new ZstdCompressCtx().setLevel(ZSTD_LEVEL).setContentSize(true));
  private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS = ThreadLocal.withInitial(ZstdDecompressCtx::new);
  private static final ThreadLocal<byte[]> SAMPLE_OUT = ThreadLocal.withInitial(
      () -> new byte[Math.toIntExact(Zstd.compressBound(SAMPLE_BYTES))]);

  private Compression() {}

  /** Compressed bytes: {@code length()} valid bytes at the start of {@code buffer()}. */
  record Compressed(byte[] buffer, int length) {}

  /**
   * zstd of {@code plain}, or empty when a sample says it would not shrink; the frame records
   * the content size, which {@link #decompress} needs. Deterministic.
   */
  static java.util.Optional<Compressed> compress(byte[] plain) {
    ZstdCompressCtx zstd = COMPRESS.get();
    if (plain.length >= SAMPLE_FROM_BYTES) {
      byte[] out = SAMPLE_OUT.get();
      int from = plain.length / 2 - SAMPLE_BYTES / 2;
      if (zstd.compressByteArray(out, 0, out.length, plain, from, SAMPLE_BYTES) > SAMPLE_BYTES * SAMPLE_WORTH_RATIO) {
        return java.util.Optional.empty();
      }
    }
    byte[] out = new byte[Math.toIntExact(Zstd.compressBound(plain.length))];
    int length;
    try {
      length = zstd.compressByteArray(out, 0, out.length, plain, 0, plain.length);
    } catch (ZstdException e) {
      throw new IllegalStateException("zstd failed to compress " + plain.length + " bytes: " + e.getMessage(), e);
    }
    return java.util.Optional.of(new Compressed(out, length));
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
      length = DECOMPRESS.get().decompressByteArray(plain, 0, plain.length, compressed, 0, compressed.length);
    } catch (ZstdException e) {
      throw new ChunkDecryptionException(id, "zstd decompression failed: " + e.getMessage(), e);
    }
    if (length != declared) {
      throw new ChunkDecryptionException(id, "zstd decompressed " + length
          + " bytes but the frame declares " + declared);
    }
    return plain;
  }
}
