package org.peervault.agent.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;
import org.peervault.agent.chunk.ChunkerParams;

/**
 * Seals plaintext chunks (compress, then encrypt) and opens sealed ones. Stateless and
 * thread-safe; the keys it is given are used for one call and not kept.
 *
 * <p>Sealed chunk format, version 1 (on disk at peers and on the wire; the chunk id is the
 * SHA-256 of all of these bytes):
 * <pre>
 * offset  length  content
 * 0       3       magic: ASCII "PVC"
 * 3       1       format version: 1
 * 4       1       compression: 0 = none, 1 = zstd (one frame, content size declared)
 * 5       12      nonce: first 12 bytes of HMAC-SHA256(key, "peervault/v1/chunk-nonce")
 * 17      n + 16  AES-256-GCM ciphertext of the (compressed) plaintext, then the 128-bit tag;
 *                 additional authenticated data: the 5 header bytes at offset 0
 * </pre>
 * Compression is zstd level 3, used only when it makes the plaintext smaller. A plaintext is at
 * most {@code maxPlainBytes} (default: the chunker's 4 MiB maximum plus 64 KiB of slack); opening
 * refuses anything that would decompress to more.
 */
public final class Sealer {

  /** Format version written in byte 3 of every sealed chunk. */
  public static final int FORMAT_VERSION = 1;
  /** Header length in bytes: magic, version, compression. The header is the GCM AAD. */
  public static final int HEADER_BYTES = 5;
  /** Nonce length in bytes. */
  public static final int NONCE_BYTES = 12;
  /** GCM tag length in bytes. */
  public static final int TAG_BYTES = 16;
  /** Bytes a sealed chunk adds to its (compressed) plaintext. */
  public static final int OVERHEAD_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
  /** Chunk key length in bytes (AES-256). */
  public static final int KEY_BYTES = 32;
  /** Compression byte: stored as is. */
  public static final int COMPRESSION_NONE = 0;
  /** Compression byte: one zstd frame. */
  public static final int COMPRESSION_ZSTD = 1;
  /** Default plaintext limit: the chunker's default maximum plus 64 KiB of slack. */
  public static final int DEFAULT_MAX_PLAIN_BYTES = ChunkerParams.defaults().maxBytes() + 65536;

  static final byte[] MAGIC = {'P', 'V', 'C'};
  static final byte[] NONCE_LABEL = "peervault/v1/chunk-nonce".getBytes(StandardCharsets.US_ASCII);
  /**
   * Encryption feeds GCM in slices of this size: on JDK 17 {@code update()} over slices runs at
   * several GB/s, while one {@code doFinal()} over a whole MiB runs at ~240 MB/s. Smaller slices
   * reach the JIT-compiled (AES-NI, carry-less multiply) code sooner: 64 KiB slices ran at ~50 MB/s
   * for the first ~300 MiB of a process, 8 KiB slices for the first ~64 MiB.
   */
  static final int SLICE_BYTES = 8 * 1024;
  /** Encryption rounds of {@link #warmUp}, of {@code WARM_UP_BYTES} each. */
  private static final int WARM_UP_ROUNDS = 200;
  private static final int WARM_UP_BYTES = 64 * 1024;
  private static final int WARM_UP_SLICE_BYTES = 256;
  /** Small messages {@link #warmUp} decrypts. */
  private static final int WARM_UP_OPENS = 20_000;
  /** Below this many bytes to seal or open, a warm-up costs more than it saves. */
  static final long WARM_UP_FROM_BYTES = 32L << 20;
  /** Set once the warm-up has started in this JVM: the JIT's work lasts for the process. */
  private static final java.util.concurrent.atomic.AtomicBoolean WARMED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final int maxPlainBytes;

  /** A sealer with the default plaintext limit {@link #DEFAULT_MAX_PLAIN_BYTES}. */
  public Sealer() {
    this(DEFAULT_MAX_PLAIN_BYTES);
  }

  /** A sealer that seals and opens plaintexts of at most {@code maxPlainBytes} bytes. */
  public Sealer(int maxPlainBytes) {
    if (maxPlainBytes < 0) {
      throw new IllegalArgumentException("maxPlainBytes must be >= 0, got " + maxPlainBytes);
    }
    this.maxPlainBytes = maxPlainBytes;
  }

  /** The largest plaintext, in bytes, this sealer seals or opens. */
  public int maxPlainBytes() {
    return maxPlainBytes;
  }

  /**
   * Compresses (when that helps) and encrypts {@code plain} under its chunk key.
   * Deterministic: the same plaintext and key always give the same bytes and id.
   *
   * @param plain the plaintext chunk, at most {@link #maxPlainBytes()} bytes
   * @param key the chunk's 32-byte convergent key from the repository
   * @throws IllegalArgumentException when the key is not 32 bytes or the plaintext is too large
   */
  public SealedChunk seal(byte[] plain, byte[] key) {
    Objects.requireNonNull(plain, "plain");
    checkKey(key);
    if (plain.length > maxPlainBytes) {
      throw new IllegalArgumentException("cannot seal a plaintext of " + plain.length
          + " bytes: the limit is " + maxPlainBytes + " bytes (chunk it first)");
    }
    Compression.Compressed compressed = Compression.compress(plain).orElse(null);
    boolean useZstd = compressed != null && compressed.length() < plain.length;
    byte[] body = useZstd ? compressed.buffer() : plain;
    int bodyLength = useZstd ? compressed.length() : plain.length;

    byte[] sealed = new byte[OVERHEAD_BYTES + bodyLength];
    writeHeader(sealed, useZstd ? COMPRESSION_ZSTD : COMPRESSION_NONE);
    byte[] nonce = nonce(key);
    System.arraycopy(nonce, 0, sealed, HEADER_BYTES, NONCE_BYTES);
    Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
    cipher.updateAAD(sealed, 0, HEADER_BYTES);
    int written = encryptSliced(cipher, body, bodyLength, sealed, HEADER_BYTES + NONCE_BYTES);
    if (written != bodyLength + TAG_BYTES) {
      throw new IllegalStateException("AES-GCM wrote " + written + " bytes for " + bodyLength
          + " bytes of input; expected " + (bodyLength + TAG_BYTES));
    }
    return new SealedChunk(ChunkId.of(sealed), sealed, plain.length);
  }

  /**
   * Verifies that {@code sealed} is chunk {@code expected}, then decrypts and decompresses it.
   *
   * @param sealed the sealed bytes as fetched from a peer
   * @param key the chunk's 32-byte key
   * @param expected the id the repository recorded for this chunk
   * @return the plaintext, a fresh array
   * @throws ChunkIntegrityException when SHA-256(sealed) is not {@code expected} (checked first,
   *     before any decryption)
   * @throws ChunkDecryptionException when the bytes match but cannot be opened
   */
  public byte[] open(byte[] sealed, byte[] key, ChunkId expected) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(expected, "expected");
    ChunkIntegrityException.check(expected, sealed);
    checkKey(key);
    int compression = checkHeader(expected, sealed);
    int bodyLength = sealed.length - OVERHEAD_BYTES;
    if (compression == COMPRESSION_NONE && bodyLength > maxPlainBytes) {
      throw new ChunkDecryptionException(expected, "it holds " + bodyLength
          + " plaintext bytes, more than the limit of " + maxPlainBytes + " bytes");
    }
    byte[] nonce = Arrays.copyOfRange(sealed, HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
    Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce);
    cipher.updateAAD(sealed, 0, HEADER_BYTES);
    byte[] body;
    try {
      // GCM releases no plaintext before the tag is checked, so one doFinal is as good as any.
      body = cipher.doFinal(sealed, HEADER_BYTES + NONCE_BYTES, bodyLength + TAG_BYTES);
    } catch (AEADBadTagException e) {
      throw new ChunkDecryptionException(expected, "AES-GCM authentication failed: wrong key, or"
          + " the bytes were altered before the chunk id was computed", e);
    } catch (GeneralSecurityException e) {
      throw new ChunkDecryptionException(expected, "AES-GCM decryption failed: " + e, e);
    }
    return compression == COMPRESSION_ZSTD
        ? Compression.decompress(expected, body, maxPlainBytes)
        : body;
  }

  /**
   * Starts {@link #warmUp} on a daemon thread, once per process, when {@code bytes} about to be
   * sealed or opened make it pay.
   */
  public static void warmUpFor(long bytes) {
    if (bytes >= WARM_UP_FROM_BYTES && WARMED.compareAndSet(false, true)) {
      Thread thread = new Thread(Sealer::warmUp, "seal-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Runs AES-256-GCM encryption and decryption on throw-away data until the JIT has compiled
   * them: a cold JDK 17 seals and opens at tens of MB/s until then, for hundreds of MiB (opening
   * stayed at ~40 MB/s for 256 MiB of 1 MiB chunks). The compiler's call counts grow with calls,
   * not bytes, so encryption is fed in 256-byte slices and decryption gets many 256-byte messages
   * (a large one would go through the slow path a few times only); SHA-256 comes along. About a
   * second of one core.
   * Called on a background thread by a backup or restore about to move many bytes; touches no key
   * or data of the caller.
   */
  static void warmUp() {
    byte[] plain = new byte[WARM_UP_BYTES];
    byte[] out = new byte[WARM_UP_BYTES + TAG_BYTES];
    byte[] key = new byte[KEY_BYTES];
    try {
      for (int round = 0; round < WARM_UP_ROUNDS && !Thread.currentThread().isInterrupted(); round++) {
        key[0] = (byte) round;
        Cipher encrypt = cipher(Cipher.ENCRYPT_MODE, key, nonce(key));
        int written = 0;
        for (int offset = 0; offset < plain.length; offset += WARM_UP_SLICE_BYTES) {
          written += encrypt.update(plain, offset, WARM_UP_SLICE_BYTES, out, written);
        }
        encrypt.doFinal(out, written);
      }
      byte[] nonce = nonce(key);
      byte[] message = cipher(Cipher.ENCRYPT_MODE, key, nonce).doFinal(plain, 0, WARM_UP_SLICE_BYTES);
      java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < WARM_UP_OPENS && !Thread.currentThread().isInterrupted(); i++) {
        cipher(Cipher.DECRYPT_MODE, key, nonce).doFinal(message, 0, message.length, out, 0);
        // chunk ids and plaintext hashes: SHA-256 has the same cold start
        sha256.update(out, 0, WARM_UP_SLICE_BYTES);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM warm-up failed", e);
    }
  }

  /**
   * The nonce for {@code key}. It is derived from the key alone, so sealing is deterministic:
   * identical plaintext gives identical sealed bytes and the same chunk id, which lets peers and
   * the repository deduplicate and makes re-sending a chunk idempotent. This is safe only because
   * the key is convergent (derived from the plaintext hash): one key ever encrypts one plaintext,
   * so a (key, nonce) pair is never used for two different messages, which is all AES-GCM needs.
   */
  static byte[] nonce(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(NONCE_LABEL), NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
    }
  }

  /**
   * Encrypts {@code length} bytes of {@code in} into {@code out} at {@code outOffset}, in
   * {@link #SLICE_BYTES} slices then a final call for the tag; returns the bytes written.
   */
  static int encryptSliced(Cipher cipher, byte[] in, int length, byte[] out, int outOffset) {
    try {
      int written = 0;
      for (int offset = 0; offset < length; offset += SLICE_BYTES) {
        int slice = Math.min(SLICE_BYTES, length - offset);
        written += cipher.update(in, offset, slice, out, outOffset + written);
      }
      written += cipher.doFinal(out, outOffset + written);
      return written;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  private static void writeHeader(byte[] sealed, int compression) {
    System.arraycopy(MAGIC, 0, sealed, 0, MAGIC.length);
    sealed[3] = (byte) FORMAT_VERSION;
    sealed[4] = (byte) compression;
  }

  /** Checks length, magic, version and compression byte; returns the compression. */
  private static int checkHeader(ChunkId id, byte[] sealed) {
    if (sealed.length < OVERHEAD_BYTES) {
      throw new ChunkDecryptionException(id, "it is " + sealed.length
          + " bytes long, shorter than the " + OVERHEAD_BYTES + " bytes of header, nonce and tag");
    }
    if (sealed[0] != MAGIC[0] || sealed[1] != MAGIC[1] || sealed[2] != MAGIC[2]) {
      throw new ChunkDecryptionException(id, "bad header: it does not start with \"PVC\", so it is"
          + " not a PeerVault sealed chunk");
    }
    int version = sealed[3] & 0xff;
    if (version != FORMAT_VERSION) {
      throw new ChunkDecryptionException(id, "unknown format version " + version
          + " (this agent reads version " + FORMAT_VERSION + "); upgrade the agent");
    }
    int compression = sealed[4] & 0xff;
    if (compression != COMPRESSION_NONE && compression != COMPRESSION_ZSTD) {
      throw new ChunkDecryptionException(id, "unknown compression code " + compression
          + " (known: 0 none, 1 zstd)");
    }
    return compression;
  }

  private static void checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("a chunk key is " + KEY_BYTES + " bytes (AES-256), got "
          + key.length + " bytes");
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce) {
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " is unavailable in this JVM", e);
    }
  }
}
