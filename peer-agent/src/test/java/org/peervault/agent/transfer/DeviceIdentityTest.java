package org.peervault.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceIdentityTest {
  private static final Instant ISSUED = Instant.parse("2026-11-01T00:00:00Z");
  private final TestPki.Ca ca = TestPki.newCa("test CA");
  private final DeviceIdentity identity = ca.device(3, 7, ISSUED, ISSUED.plus(Duration.ofDays(30)));

  @Test
  void aCertificateIsRenewedOnceLessThanAThirdOfItsValidityRemains() {
    assertThat(identity.needsRenewal(ISSUED.plus(Duration.ofDays(1)))).isFalse();
    assertThat(identity.needsRenewal(ISSUED.plus(Duration.ofDays(19)))).isFalse();
    assertThat(identity.needsRenewal(ISSUED.plus(Duration.ofDays(20)))).isFalse();
    assertThat(identity.needsRenewal(ISSUED.plus(Duration.ofDays(20)).plusSeconds(1))).isTrue();
    assertThat(identity.needsRenewal(ISSUED.plus(Duration.ofDays(40)))).isTrue();
  }

  @Test
  void aRenewedCredentialReplacesTheOldOne() {
    DeviceIdentity renewed = ca.device(3, 7);
    identity.renew(renewed.credential().key(), renewed.certificate());
    assertThat(identity.certificate()).isEqualTo(renewed.certificate());
    assertThat(identity.needsRenewal(Instant.now())).isFalse();
  }

  @Test
  void namesFollowTheCaContract() {
    assertThat(DeviceIdentity.peerAuthority(12)).isEqualTo("device-12.peervault.internal");
    assertThat(identity.toString()).doesNotContain("PRIVATE").contains("device=3");
  }
}
