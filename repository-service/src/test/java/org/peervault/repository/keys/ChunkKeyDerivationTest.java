package org.peervault.repository.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChunkKeyDerivationTest {
  private static final byte[] SECRET_A = bytes(1);
  private static final byte[] SECRET_B = bytes(2);

  private static byte[] bytes(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }

  private static byte[] sha256(String s) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(s.getBytes());
  }

  @Test
  void sameSecretAndHashGiveTheSameKey() throws Exception {
    byte[] hash = sha256("hello");
    assertThat(ChunkKeyDerivation.chunkKey(SECRET_A, hash))
        .isEqualTo(ChunkKeyDerivation.chunkKey(SECRET_A, hash.clone()))
        .hasSize(32);
  }

  @Test
  void keyIsHmacSha256OfThePlainHash() {
    // Known answer from `openssl dgst -sha256 -mac HMAC -macopt hexkey:0b0b...0b` (32 bytes)
    // over 32 zero bytes: the derivation is exactly HMAC-SHA256(secret, plain hash).
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 0x0b);
    assertThat(HexFormat.of().formatHex(ChunkKeyDerivation.chunkKey(secret, new byte[32])))
        .isEqualTo("abf0195cf7a503e61897b7bb6f36beb7713f7bbf6a6c68ad4b5059da47670135");
  }

  @Test
  void differentOrganizationsOrVersionsGiveDifferentKeys() throws Exception {
    byte[] hash = sha256("hello");
    assertThat(ChunkKeyDerivation.chunkKey(SECRET_A, hash))
        .isNotEqualTo(ChunkKeyDerivation.chunkKey(SECRET_B, hash));
  }

  @Test
  void differentPlaintextsGiveDifferentKeys() throws Exception {
    assertThat(ChunkKeyDerivation.chunkKey(SECRET_A, sha256("a")))
        .isNotEqualTo(ChunkKeyDerivation.chunkKey(SECRET_A, sha256("b")));
  }

  @Test
  void refusesHashesThatAreNot32Bytes() {
    assertThatThrownBy(() -> ChunkKeyDerivation.chunkKey(SECRET_A, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
