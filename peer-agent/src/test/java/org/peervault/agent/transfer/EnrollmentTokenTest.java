package org.peervault.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class EnrollmentTokenTest {
  private final TestPki.Ca ca = TestPki.newCa("test CA");

  @Test
  void aTokenIsSplitAtItsLastDotAndNeedsItsFingerprint() {
    String fingerprint = Base64.getUrlEncoder().withoutPadding().encodeToString(ca.fingerprint());
    EnrollmentToken token = EnrollmentToken.parse("abc.def." + fingerprint);
    assertThat(token.secret()).isEqualTo("abc.def");
    assertThat(token.caFingerprint()).isEqualTo(ca.fingerprint());
    assertThat(token.toString()).doesNotContain("abc");
    assertThatThrownBy(() -> EnrollmentToken.parse("just-a-secret"))
        .hasMessageContaining("the token has no CA fingerprint");
    assertThatThrownBy(() -> EnrollmentToken.parse("secret.tooShort"))
        .hasMessageContaining("not a base64url SHA-256");
  }
}
