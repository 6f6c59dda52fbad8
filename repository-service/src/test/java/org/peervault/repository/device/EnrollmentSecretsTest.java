package org.peervault.repository.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EnrollmentSecretsTest {

  @Test
  void hashIsSha256OfTheToken() {
    assertThat(HexFormat.of().formatHex(EnrollmentSecrets.hash("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void matchesOnlyTheTokenThatWasHashed() {
    String token = EnrollmentSecrets.newEnrollmentToken();
    byte[] stored = EnrollmentSecrets.hash(token);
    assertThat(EnrollmentSecrets.matches(stored, token)).isTrue();
    assertThat(EnrollmentSecrets.matches(stored, token + "x")).isFalse();
    assertThat(EnrollmentSecrets.matches(stored, EnrollmentSecrets.newEnrollmentToken())).isFalse();
    assertThat(EnrollmentSecrets.matches(null, token)).isFalse();
  }

  @Test
  void enrollmentTokensAreRandom() {
    assertThat(EnrollmentSecrets.newEnrollmentToken()).hasSize(43)
        .isNotEqualTo(EnrollmentSecrets.newEnrollmentToken());
  }
}
