package org.peervault.repository.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

  @Test
  void deviceTokenCarriesItsDeviceIdAnd256RandomBits() {
    String token = BearerTokens.newDeviceToken(4217);
    assertThat(token).matches("4217\\.[A-Za-z0-9_-]{43}");
    assertThat(BearerTokens.deviceIdOf(token)).hasValue(4217);
    assertThat(BearerTokens.newDeviceToken(4217)).isNotEqualTo(token);
  }

  @Test
  void malformedTokensClaimNoDevice() {
    assertThat(BearerTokens.deviceIdOf("")).isEmpty();
    assertThat(BearerTokens.deviceIdOf("abc")).isEmpty();
    assertThat(BearerTokens.deviceIdOf(".secret")).isEmpty();
    assertThat(BearerTokens.deviceIdOf("12.")).isEmpty();
    assertThat(BearerTokens.deviceIdOf("-3.secret")).isEmpty();
    assertThat(BearerTokens.deviceIdOf("0.secret")).isEmpty();
    assertThat(BearerTokens.deviceIdOf("99999999999999999999.secret")).isEmpty();
    assertThat(BearerTokens.deviceIdOf(null)).isEmpty();
  }

  @Test
  void hashIsSha256OfTheToken() {
    assertThat(HexFormat.of().formatHex(BearerTokens.hash("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void matchesOnlyTheTokenThatWasHashed() {
    String token = BearerTokens.newDeviceToken(1);
    byte[] stored = BearerTokens.hash(token);
    assertThat(BearerTokens.matches(stored, token)).isTrue();
    assertThat(BearerTokens.matches(stored, token + "x")).isFalse();
    assertThat(BearerTokens.matches(stored, BearerTokens.newDeviceToken(1))).isFalse();
    assertThat(BearerTokens.matches(null, token)).isFalse();
  }

  @Test
  void enrollmentTokensAreRandom() {
    assertThat(BearerTokens.newEnrollmentToken()).hasSize(43)
        .isNotEqualTo(BearerTokens.newEnrollmentToken());
  }
}
