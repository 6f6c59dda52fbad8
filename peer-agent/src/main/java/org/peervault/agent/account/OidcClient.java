package org.peervault.agent.account;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent's side of OIDC with a public client: discovery, the device authorization grant
 * (RFC 8628: ask for a code, show it, poll for tokens) and refreshing. Thread-safe.
 */
public final class OidcClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final String issuer;
  private final String clientId;
  private final String deviceEndpoint;
  private final String tokenEndpoint;
  private final HttpClient http;
  private final Clock clock;

  private OidcClient(String issuer, String clientId, String deviceEndpoint, String tokenEndpoint,
      HttpClient http, Clock clock) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.deviceEndpoint = deviceEndpoint;
    this.tokenEndpoint = tokenEndpoint;
    this.http = http;
    this.clock = clock;
  }

  /** What the user must do to approve this device's sign-in, and how to wait for it. */
  public record DeviceCode(String deviceCode, String userCode, String verificationUri,
      String verificationUriComplete, Duration interval, Instant expiresAt) {

    @Override
    public String toString() {
      return "DeviceCode[userCode=" + userCode + ", verificationUri=" + verificationUri + "]";
    }
  }

  /**
   * Reads the issuer's OpenID configuration.
   *
   * @param issuer the realm URL, e.g. https://sso.example.com/realms/peervault
   * @throws LoginException when it cannot be reached or does not offer the device grant
   */
  public static OidcClient discover(String issuer, String clientId) {
    String base = issuer.replaceAll("/+$", "");
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    Map<String, Object> config = get(http, base + "/.well-known/openid-configuration");
    Object device = config.get("device_authorization_endpoint");
    Object token = config.get("token_endpoint");
    if (device == null || token == null) {
      throw new LoginException("login: " + base + " does not offer the device authorization"
          + " grant; check --issuer (the realm URL)");
    }
    return new OidcClient(base, clientId, device.toString(), token.toString(), http,
        Clock.systemUTC());
  }

  /** Starts a device sign-in: the code the user enters at the verification URI. */
  public DeviceCode start() {
    Map<String, Object> r = post(deviceEndpoint, Map.of("client_id", clientId, "scope",
        "openid"));
    if (r.containsKey("error")) {
      throw new LoginException("login: the identity provider refused to start a device sign-in"
          + " for client " + clientId + ": " + r.get("error") + " " + r.getOrDefault(
          "error_description", "") + "; is the device grant enabled for it?");
    }
    long interval = r.get("interval") == null ? 5 : ((Number) r.get("interval")).longValue();
    return new DeviceCode((String) r.get("device_code"), (String) r.get("user_code"),
        (String) r.get("verification_uri"), (String) r.get("verification_uri_complete"),
        Duration.ofSeconds(Math.max(1, interval)), clock.instant().plusSeconds(
            ((Number) r.get("expires_in")).longValue()));
  }

  /**
   * Polls until the user approved (tokens), denied, or the code expired.
   *
   * @throws LoginException when denied or expired
   * @throws InterruptedException when interrupted while waiting
   */
  public UserTokens await(DeviceCode code) throws InterruptedException {
    Duration interval = code.interval();
    while (clock.instant().isBefore(code.expiresAt())) {
      Thread.sleep(interval.toMillis());
      Map<String, Object> r = post(tokenEndpoint, Map.of("grant_type",
          "urn:ietf:params:oauth:grant-type:device_code", "device_code", code.deviceCode(),
          "client_id", clientId));
      Object error = r.get("error");
      if (error == null) {
        return tokens(r);
      }
      switch (error.toString()) {
        case "authorization_pending" -> { }
        case "slow_down" -> interval = interval.plusSeconds(5);
        case "access_denied" -> throw new LoginException("login: the sign-in was denied");
        case "expired_token" -> throw new LoginException("login: the code expired before it was"
            + " approved; run `peer-agent login` again");
        default -> throw new LoginException("login: the identity provider answered " + error
            + " " + r.getOrDefault("error_description", ""));
      }
    }
    throw new LoginException("login: the code expired before it was approved; run"
        + " `peer-agent login` again");
  }

  /** New tokens from a refresh token. */
  public UserTokens refresh(UserTokens current) {
    Map<String, Object> r = post(tokenEndpoint, Map.of("grant_type", "refresh_token",
        "refresh_token", current.refreshToken(), "client_id", clientId));
    if (r.containsKey("error")) {
      throw new LoginException("login: the session of " + current.username() + " ended ("
          + r.get("error") + "); run `peer-agent login` again");
    }
    return tokens(r);
  }

  private UserTokens tokens(Map<String, Object> r) {
    String access = (String) r.get("access_token");
    Instant now = clock.instant();
    long expires = r.get("expires_in") == null ? 60 : ((Number) r.get("expires_in")).longValue();
    Object refreshIn = r.get("refresh_expires_in");
    long refreshExpires = refreshIn == null ? 0 : ((Number) refreshIn).longValue();
    String refresh = (String) r.get("refresh_token");
    // Keycloak sends refresh_expires_in 0 for offline tokens, which do not expire by time.
    Instant refreshUntil = refresh == null ? now : refreshExpires == 0
        ? now.plus(Duration.ofDays(3650)) : now.plusSeconds(refreshExpires);
    return new UserTokens(issuer, clientId, UserTokens.usernameOf(access), access,
        now.plusSeconds(expires), refresh, refreshUntil);
  }

  private static Map<String, Object> get(HttpClient http, String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
    return send(http, request, url);
  }

  private Map<String, Object> post(String url, Map<String, String> form) {
    String body = new LinkedHashMap<>(form).entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return send(http, request, url);
  }

  private static Map<String, Object> send(HttpClient http, HttpRequest request, String url) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      if (body == null || !body.strip().startsWith("{")) {
        throw new LoginException("login: " + url + " answered HTTP " + response.statusCode()
            + " without JSON; check --issuer");
      }
      return Json.object(body);
    } catch (IOException e) {
      throw new LoginException("login: cannot reach the identity provider at " + url + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginException("login: interrupted", e);
    }
  }
}
