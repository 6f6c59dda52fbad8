package org.peervault.agent.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;

class SealerTest {

  private static final int MIB = 1024 * 1024;
  private final Sealer sealer = new Sealer();

  @Test
  void compressibleTextRoundTripsAndIsStoredCompressed() {
    byte[] plain = text(200_000);

    SealedChunk sealed = sealer.seal(plain, key(1));

    assertThat(sealed.bytes()[4]).isEqualTo((byte) Sealer.COMPRESSION_ZSTD);
    assertThat(sealed.sealedSize()).isLessThan(plain.length / 4);
    assertThat(sealed.plainSize()).isEqualTo(plain.length);
    assertThat(sealed.id()).isEqualTo(ChunkId.of(sealed.bytes()));
    assertThat(sealer.open(sealed.bytes(), key(1), sealed.id())).isEqualTo(plain);
  }

  @Test
  void randomDataRoundTripsAndIsStoredUncompressed() {
    byte[] plain = random(1, 300_000);

    SealedChunk sealed = sealer.seal(plain, key(1));

    assertThat(sealed.bytes()[4]).isEqualTo((byte) Sealer.COMPRESSION_NONE);
    assertThat(sealed.sealedSize()).isEqualTo(plain.length + Sealer.OVERHEAD_BYTES);
    assertThat(sealer.open(sealed.bytes(), key(1), sealed.id())).isEqualTo(plain);
  }

  @Test
  void aLargePlaintextWithAnIncompressibleHeaderButTextAfterIsStillCompressed() {
    byte[] plain = text(400_000);
    System.arraycopy(random(3, 100_000), 0, plain, 0, 100_000);

    SealedChunk sealed = sealer.seal(plain, key(1));

    assertThat(sealed.bytes()[4]).isEqualTo((byte) Sealer.COMPRESSION_ZSTD);
    assertThat(sealer.open(sealed.bytes(), key(1), sealed.id())).isEqualTo(plain);
  }

  @Test
  void emptyPlaintextRoundTrips() {
    SealedChunk sealed = sealer.seal(new byte[0], key(2));

    assertThat(sealed.sealedSize()).isEqualTo(Sealer.OVERHEAD_BYTES);
    assertThat(sealer.open(sealed.bytes(), key(2), sealed.id())).isEmpty();
  }

  @Test
  void fourMiBChunksRoundTrip() {
    for (byte[] plain : List.of(random(3, 4 * MIB), text(4 * MIB))) {
      SealedChunk sealed = sealer.seal(plain, key(3));

      assertThat(sealer.open(sealed.bytes(), key(3), sealed.id())).isEqualTo(plain);
    }
  }

  @Test
  void headerAndNonceFollowTheDocumentedFormat() throws Exception {
    SealedChunk sealed = sealer.seal(text(1000), key(4));

    byte[] header = Arrays.copyOf(sealed.bytes(), 4);
    assertThat(header).isEqualTo(new byte[] {'P', 'V', 'C', 1});
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key(4), "HmacSHA256"));
    byte[] expectedNonce = Arrays.copyOf(
        mac.doFinal("peervault/v1/chunk-nonce".getBytes(StandardCharsets.US_ASCII)), 12);
    assertThat(Arrays.copyOfRange(sealed.bytes(), 5, 17)).isEqualTo(expectedNonce);
  }

  @Test
  void slicedEncryptionEqualsOneShotEncryptionByteForByte() throws Exception {
    // Incompressible, and not a multiple of the 64 KiB slice, so the last slice is partial.
    byte[] random = random(5, MIB + 12345);
    assertThat(sealer.seal(random, key(5)).bytes())
        .isEqualTo(oneShot(Sealer.COMPRESSION_NONE, random, key(5)));
    // Compressible: the zstd frame is what gets encrypted.
    byte[] text = text(3 * MIB);
    assertThat(sealer.seal(text, key(6)).bytes())
        .isEqualTo(oneShot(Sealer.COMPRESSION_ZSTD, Zstd.compress(text, 3), key(6)));
  }

  @Test
  void samePlaintextAndKeyGiveTheSameId() {
    byte[] plain = text(50_000);

    assertThat(sealer.seal(plain, key(7)).id()).isEqualTo(sealer.seal(plain.clone(), key(7)).id());
    assertThat(sealer.seal(plain, key(7))).isEqualTo(new Sealer().seal(plain, key(7)));
  }

  @Test
  void differentKeysGiveDifferentIds() {
    byte[] plain = text(50_000);

    assertThat(sealer.seal(plain, key(8)).id()).isNotEqualTo(sealer.seal(plain, key(9)).id());
  }

  @Test
  void flippingAnyByteIsDetected() {
    SealedChunk sealed = sealer.seal(text(300), key(10));
    byte[] bytes = sealed.bytes();

    for (int i = 0; i < bytes.length; i++) {
      byte[] tampered = bytes.clone();
      tampered[i] ^= 0x01;
      // Against the recorded id, the hash check catches it first.
      assertThatThrownBy(() -> sealer.open(tampered, key(10), sealed.id()))
          .isInstanceOf(ChunkIntegrityException.class);
      // Even when the id is recomputed over the tampered bytes, opening fails.
      ChunkId tamperedId = ChunkId.of(tampered);
      assertThatThrownBy(() -> sealer.open(tampered, key(10), tamperedId))
          .as("byte %d of %d", i, bytes.length)
          .isInstanceOf(ChunkDecryptionException.class)
          .hasMessageContaining(tamperedId.hex());
    }
  }

  @Test
  void wrongKeyIsDetected() {
    SealedChunk sealed = sealer.seal(text(5000), key(11));

    assertThatThrownBy(() -> sealer.open(sealed.bytes(), key(12), sealed.id()))
        .isInstanceOf(ChunkDecryptionException.class)
        .hasMessageContaining("authentication failed")
        .hasMessageContaining("wrong key");
  }

  @Test
  void wrongExpectedIdIsDetectedBeforeDecrypting() {
    SealedChunk sealed = sealer.seal(text(5000), key(13));
    ChunkId other = ChunkId.of(new byte[] {1});

    // With the wrong key too: an integrity failure proves no decryption was attempted.
    assertThatThrownBy(() -> sealer.open(sealed.bytes(), key(14), other))
        .isInstanceOfSatisfying(ChunkIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(other);
          assertThat(e.actual()).isEqualTo(sealed.id());
        })
        .hasMessageContaining(other.hex())
        .hasMessageContaining(sealed.id().hex());
  }

  @Test
  void unknownFormatVersionIsRefused() {
    byte[] bytes = sealer.seal(text(5000), key(15)).bytes();
    bytes[3] = 2;
    ChunkId id = ChunkId.of(bytes);

    assertThatThrownBy(() -> sealer.open(bytes, key(15), id))
        .isInstanceOfSatisfying(ChunkDecryptionException.class,
            e -> assertThat(e.chunkId()).isEqualTo(id))
        .hasMessageContaining("unknown format version 2");
  }

  @Test
  void badMagicAndTruncatedBytesAreRefused() {
    byte[] bytes = sealer.seal(text(5000), key(16)).bytes();
    bytes[0] = 'X';
    byte[] shortBytes = new byte[Sealer.OVERHEAD_BYTES - 1];

    assertThatThrownBy(() -> sealer.open(bytes, key(16), ChunkId.of(bytes)))
        .isInstanceOf(ChunkDecryptionException.class)
        .hasMessageContaining("not a PeerVault sealed chunk");
    assertThatThrownBy(() -> sealer.open(shortBytes, key(16), ChunkId.of(shortBytes)))
        .isInstanceOf(ChunkDecryptionException.class)
        .hasMessageContaining("32 bytes long");
  }

  @Test
  void plaintextOverTheLimitIsRefusedWhenOpening() {
    SealedChunk compressed = sealer.seal(text(2 * MIB), key(17));
    SealedChunk stored = sealer.seal(random(17, 2 * MIB), key(17));
    Sealer strict = new Sealer(MIB);

    assertThatThrownBy(() -> strict.open(compressed.bytes(), key(17), compressed.id()))
        .isInstanceOf(ChunkDecryptionException.class)
        .hasMessageContaining("declares " + 2 * MIB + " plaintext bytes")
        .hasMessageContaining("decompression bomb");
    assertThatThrownBy(() -> strict.open(stored.bytes(), key(17), stored.id()))
        .isInstanceOf(ChunkDecryptionException.class)
        .hasMessageContaining("more than the limit");
  }

  @Test
  void plaintextOverTheLimitIsRefusedWhenSealing() {
    assertThatThrownBy(() -> new Sealer(1000).seal(new byte[1001], key(18)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1001 bytes");
  }

  @Test
  void keysMustBe32Bytes() {
    assertThatThrownBy(() -> sealer.seal(new byte[10], new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageContaining("got 16");
  }

  @Test
  void concurrentSealsAgree() throws Exception {
    byte[] plain = text(600_000);
    SealedChunk expected = sealer.seal(plain, key(19));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<SealedChunk>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> sealer.seal(plain, key(19))));
      }
      for (Future<SealedChunk> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sealsDuringTheWarmUpAgreeWithSealsBeforeIt() throws Exception {
    byte[] plain = text(300_000);
    SealedChunk expected = sealer.seal(plain, key(23));
    Thread warmUp = new Thread(Sealer::warmUp);
    warmUp.start();
    for (int i = 0; i < 8; i++) {
      SealedChunk sealed = sealer.seal(plain, key(23));
      assertThat(sealed).isEqualTo(expected);
      assertThat(sealer.open(sealed.bytes(), key(23), sealed.id())).isEqualTo(plain);
    }
    warmUp.join();
    assertThat(sealer.seal(plain, key(23))).isEqualTo(expected);
  }

  private static byte[] oneShot(int compression, byte[] body, byte[] key) throws Exception {
    byte[] header = {'P', 'V', 'C', 1, (byte) compression};
    byte[] nonce = Sealer.nonce(key);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(128, nonce));
    cipher.updateAAD(header);
    byte[] ciphertext = cipher.doFinal(body);
    byte[] out = new byte[header.length + nonce.length + ciphertext.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(nonce, 0, out, header.length, nonce.length);
    System.arraycopy(ciphertext, 0, out, header.length + nonce.length, ciphertext.length);
    return out;
  }

  private static byte[] key(int seed) {
    return random(1000 + seed, Sealer.KEY_BYTES);
  }

  private static byte[] random(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] text(int length) {
    byte[] line = "PeerVault backs up laptops to their colleagues' disks, 0123456789.\n"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[length];
    Random random = new Random(length);
    for (int i = 0; i < length; i++) {
      // Mostly repeated text with a sprinkle of noise, like a real document.
      out[i] = random.nextInt(50) == 0 ? (byte) random.nextInt(256) : line[i % line.length];
    }
    return out;
  }
}
