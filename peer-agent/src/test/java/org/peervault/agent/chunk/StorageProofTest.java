package org.peervault.agent.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageProofTest {

  @Test
  void digestIsSha256OfNonceThenBytes() {
    byte[] nonce = "ab".getBytes(StandardCharsets.US_ASCII);
    byte[] sealed = "c".getBytes(StandardCharsets.US_ASCII);
    // SHA-256("abc"), FIPS 180-2 test vector.
    assertThat(HexFormat.of().formatHex(StorageProof.digest(nonce, sealed)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void challengesHaveFreshNoncesAndAnswerOnlyTheSameBytes() {
    byte[] sealed = new byte[1000];
    new SecureRandom().nextBytes(sealed);
    List<StorageProof.Challenge> challenges = StorageProof.challenges(sealed, 4, new SecureRandom());
    assertThat(challenges).hasSize(4);
    assertThat(challenges.stream().map(c -> HexFormat.of().formatHex(c.nonce())).distinct())
        .hasSize(4);
    byte[] flipped = sealed.clone();
    flipped[999] ^= 1;
    for (StorageProof.Challenge c : challenges) {
      assertThat(c.nonce()).hasSize(StorageProof.NONCE_BYTES);
      assertThat(StorageProof.digest(c.nonce(), sealed)).isEqualTo(c.digest());
      assertThat(StorageProof.digest(c.nonce(), flipped)).isNotEqualTo(c.digest());
    }
  }
}
