package org.peervault.repository.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeyTest {
  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String OTHER_KEY = Base64.getEncoder().encodeToString(
      "0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void wrapsAndUnwrapsWithTheSameContext() throws Exception {
    MasterKey key = MasterKey.fromBase64(KEY);
    byte[] secret = "a 32 byte organization secret!!".getBytes();
    MasterKey.Wrapped wrapped = key.wrap(secret, "org:1:v1");
    assertThat(wrapped.nonce()).hasSize(12);
    assertThat(wrapped.ciphertext()).hasSize(secret.length + 16);
    assertThat(key.unwrap(wrapped, "org:1:v1")).isEqualTo(secret);
  }

  @Test
  void wrappingTwiceUsesFreshNonces() {
    MasterKey key = MasterKey.fromBase64(KEY);
    assertThat(key.wrap(new byte[32], "c").nonce()).isNotEqualTo(key.wrap(new byte[32], "c")
        .nonce());
  }

  @Test
  void unwrapFailsUnderAnotherContextOrKey() {
    MasterKey key = MasterKey.fromBase64(KEY);
    MasterKey.Wrapped wrapped = key.wrap(new byte[32], "org:1:v1");
    assertThatThrownBy(() -> key.unwrap(wrapped, "org:2:v1"))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> MasterKey.fromBase64(OTHER_KEY).unwrap(wrapped, "org:1:v1"))
        .isInstanceOf(GeneralSecurityException.class);
    assertThat(MasterKey.fromBase64(OTHER_KEY).id()).isNotEqualTo(key.id());
  }

  @Test
  void missingOrMalformedKeySaysHowToMakeOne() {
    assertThatThrownBy(() -> MasterKey.fromBase64(null))
        .hasMessageContaining("openssl rand -base64 32");
    assertThatThrownBy(() -> MasterKey.fromBase64("not base64!"))
        .hasMessageContaining("openssl rand -base64 32");
    assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(
        new byte[16]))).hasMessageContaining("16 bytes, expected 32");
  }
}
