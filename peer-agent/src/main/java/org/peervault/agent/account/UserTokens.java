package org.peervault.agent.account;

import org.peervault.agent.config.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The signed-in user's tokens, kept in {@code <stateDir>/user-token.properties} (mode 0600,
 * written atomically).
 *
 * @param issuer the OIDC issuer (realm URL) that issued them
 * @param clientId the public client they were issued to
 * @param username the user's name (preferred_username), to show
 * @param accessToken sent to the repository; a secret
 * @param accessExpiresAt when the access token stops working
 * @param refreshToken renews the access token; a secret
 * @param refreshExpiresAt when the refresh token stops working (sign in again then)
 */
public record UserTokens(String issuer, String clientId, String username, String accessToken,
    Instant accessExpiresAt, String refreshToken, Instant refreshExpiresAt) {
  /** The file name in the state directory. */
  public static final String FILE = "user-token.properties";

  @Override
  public String toString() {
    return "UserTokens[issuer=" + issuer + ", username=" + username + ", accessExpiresAt="
        + accessExpiresAt + "]";
  }

  /** The tokens in {@code stateDir}, if someone signed in. */
  public static Optional<UserTokens> load(Path stateDir) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(stateDir.resolve(FILE))) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stateDir.resolve(FILE), e);
    }
    return Optional.of(new UserTokens(p.getProperty("issuer"), p.getProperty("client.id"),
        p.getProperty("username"), p.getProperty("access.token"),
        Instant.parse(p.getProperty("access.expires.at")), p.getProperty("refresh.token", ""),
        Instant.parse(p.getProperty("refresh.expires.at", Instant.EPOCH.toString()))));
  }

  /** Writes the tokens, readable and writable by the owner only. */
  public void save(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Properties p = new Properties();
    p.setProperty("issuer", issuer);
    p.setProperty("client.id", clientId);
    p.setProperty("username", username);
    p.setProperty("access.token", accessToken);
    p.setProperty("access.expires.at", accessExpiresAt.toString());
    p.setProperty("refresh.token", refreshToken == null ? "" : refreshToken);
    p.setProperty("refresh.expires.at", refreshExpiresAt.toString());
    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
    p.store(text, "PeerVault signed-in user; holds the user's tokens: keep it private");
    AtomicFile.write(stateDir.resolve(FILE), text.toByteArray(), true);
  }

  /** Signs out: deletes the tokens. */
  public static boolean delete(Path stateDir) throws IOException {
    return Files.deleteIfExists(stateDir.resolve(FILE));
  }

  /** The preferred_username claim of a JWT access token, or "?" when it has none. */
  static String usernameOf(String accessToken) {
    String[] parts = accessToken.split("\\.");
    if (parts.length < 2) {
      return "?";
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]),
          StandardCharsets.UTF_8);
      Object name = Json.object(payload).get("preferred_username");
      return name == null ? "?" : name.toString();
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }
}
