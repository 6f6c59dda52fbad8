package org.peervault.repository.testdb;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Quarkus test resource: a fresh PostgreSQL from {@link LocalPostgres}, plus a random master key
 * and bootstrap token generated for this run (no secret is committed). Every {@code QuarkusTest}
 * uses exactly this resource, so one application start serves them all.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
  private LocalPostgres db;

  @Override
  public Map<String, String> start() {
    db = LocalPostgres.provision();
    SecureRandom random = new SecureRandom();
    byte[] masterKey = new byte[32];
    random.nextBytes(masterKey);
    byte[] token = new byte[24];
    random.nextBytes(token);
    return Map.of(
        "quarkus.datasource.jdbc.url", db.url(),
        "quarkus.datasource.username", db.user(),
        "quarkus.datasource.password", db.password(),
        "peervault.keys.master-key", Base64.getEncoder().encodeToString(masterKey),
        "peervault.enrollment.bootstrap-token",
        "test-" + Base64.getUrlEncoder().withoutPadding().encodeToString(token));
  }

  @Override
  public void stop() {
    if (db != null) {
      db.close();
    }
  }
}
