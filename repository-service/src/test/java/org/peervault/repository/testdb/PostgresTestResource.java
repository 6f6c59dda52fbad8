package org.peervault.repository.testdb;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.peervault.repository.testidp.KeycloakTestResource;

/**
 * Quarkus test resource: a fresh PostgreSQL from {@link LocalPostgres}, plus a random master key
 * generated for this run (no secret is committed), and a real Keycloak
 * ({@link KeycloakTestResource}, started in parallel). Every {@code QuarkusTest} uses exactly this
 * resource, so one application start serves them all.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
  private LocalPostgres db;
  private final KeycloakTestResource keycloak = new KeycloakTestResource();

  @Override
  public Map<String, String> start() {
    CompletableFuture<Map<String, String>> identity = CompletableFuture.supplyAsync(
        keycloak::start);
    db = LocalPostgres.provision();
    SecureRandom random = new SecureRandom();
    byte[] masterKey = new byte[32];
    random.nextBytes(masterKey);
    Map<String, String> config = new HashMap<>(identity.join());
    config.putAll(Map.of(
        "quarkus.datasource.jdbc.url", db.url(),
        "quarkus.datasource.username", db.user(),
        "quarkus.datasource.password", db.password(),
        "peervault.keys.master-key", Base64.getEncoder().encodeToString(masterKey)));
    return config;
  }

  @Override
  public void stop() {
    keycloak.stop();
    if (db != null) {
      db.close();
    }
  }
}
