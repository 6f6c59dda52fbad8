package org.peervault.repository.testidp;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Access tokens of the test users, from the real Keycloak by the password grant of the CLI client
 * (enabled in the tests' realm only). Tokens are cached per user for a minute.
 */
public final class TestTokens {
  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

  private TestTokens() {}

  /** Keycloak's base URL. */
  public static String keycloakUrl() {
    return ConfigProvider.getConfig().getValue(KeycloakTestResource.URL_KEY, String.class);
  }

  /** The password of the realm's test users. */
  public static String password() {
    return ConfigProvider.getConfig().getValue(KeycloakTestResource.PASSWORD_KEY, String.class);
  }

  /** A fresh or cached access token of a realm test user. */
  public static String of(String username) {
    Cached c = CACHE.get(username);
    if (c != null && System.nanoTime() - c.atNanos() < 60_000_000_000L) {
      return c.token();
    }
    String token = passwordGrant(username, password());
    CACHE.put(username, new Cached(token, System.nanoTime()));
    return token;
  }

  /** An access token by the password grant; fails the test unless Keycloak issues one. */
  public static String passwordGrant(String username, String password) {
    return given().formParam("grant_type", "password").formParam("client_id", "peervault-cli")
        .formParam("username", username).formParam("password", password)
        .formParam("scope", "openid")
        .when().post(keycloakUrl() + "/realms/peervault/protocol/openid-connect/token")
        .then().statusCode(200).extract().path("access_token");
  }

  /** The HTTP status of a password grant (400 + invalid_grant when refused). */
  public static int passwordGrantStatus(String username, String password) {
    return given().formParam("grant_type", "password").formParam("client_id", "peervault-cli")
        .formParam("username", username).formParam("password", password)
        .when().post(keycloakUrl() + "/realms/peervault/protocol/openid-connect/token")
        .then().extract().statusCode();
  }

  private record Cached(String token, long atNanos) {}
}
