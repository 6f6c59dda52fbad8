package org.peervault.agent.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserTokensTest {
  @TempDir
  Path dir;

  @Test
  void tokensAreSavedPrivatelyAndReadBack() throws Exception {
    UserTokens tokens = new UserTokens("https://sso/realms/pv", "peervault-cli", "carol", "a.b.c",
        Instant.parse("2026-11-23T12:00:00Z"), "r.e.f", Instant.parse("2026-11-24T12:00:00Z"));

    tokens.save(dir);

    assertThat(Files.getPosixFilePermissions(dir.resolve(UserTokens.FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(UserTokens.load(dir)).contains(tokens);
    assertThat(tokens.toString()).doesNotContain("a.b.c").doesNotContain("r.e.f");
    assertThat(UserTokens.delete(dir)).isTrue();
    assertThat(UserTokens.load(dir)).isEmpty();
  }

  @Test
  void nobodySignedInMeansNoInterceptor() {
    assertThat(UserSession.interceptors(dir)).isEmpty();
  }

  @Test
  void theUsernameComesFromTheAccessTokensClaims() {
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"sub\":\"1\",\"realm_access\":{\"roles\":[\"user\"]},\"preferred_username\":\"dana\"}"
            .getBytes(StandardCharsets.UTF_8));

    assertThat(UserTokens.usernameOf("h." + payload + ".s")).isEqualTo("dana");
    assertThat(UserTokens.usernameOf("garbage")).isEqualTo("?");
  }

  @Test
  void jsonReadsTopLevelMembersAndSkipsNestedOnes() {
    Map<String, Object> m = Json.object("{\"a\":\"x\\\"y\\u00e9\",\"n\":5,\"t\":true,\"z\":null,"
        + "\"o\":{\"k\":[1,{\"q\":\"}\"}]},\"last\":\"end\"}");

    assertThat(m).containsEntry("a", "x\"yé").containsEntry("n", 5.0).containsEntry("t", true)
        .containsEntry("last", "end").containsKey("z");
  }
}
