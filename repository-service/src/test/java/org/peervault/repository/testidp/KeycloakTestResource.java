package org.peervault.repository.testidp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Quarkus test resource: a real Keycloak. Uses {@code PEERVAULT_TEST_KEYCLOAK_URL} (with
 * {@code _SECRET}, the peervault-service client secret, and {@code _USER_PASSWORD}, the password of
 * the realm's test users) when set; otherwise unzips the keycloak-quarkus-dist zip that Maven
 * copied to {@code target/keycloak} (once; reused), writes the realm of
 * {@code deploy/keycloak/peervault-realm.json} with a random client secret, direct grants for
 * the CLI client (tests only) and the test users {@value #ADMIN}, {@value #HELPDESK},
 * {@value #ALICE} and {@value #BOB}, and runs {@code kc.sh start-dev} on free ports with a fresh
 * dev database. First start ~50 s (Keycloak's build step), later ~8 s.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {
  /** Test user with the admin role. */
  public static final String ADMIN = "pv-admin";
  /** Test user with the helpdesk role. */
  public static final String HELPDESK = "pv-helpdesk";
  /** Test user with the user role. */
  public static final String ALICE = "pv-alice";
  /** Another test user with the user role. */
  public static final String BOB = "pv-bob";
  /** Config key the tests read Keycloak's base URL from. */
  public static final String URL_KEY = "peervault.test.keycloak-url";
  /** Config key the tests read the test users' password from. */
  public static final String PASSWORD_KEY = "peervault.test.user-password";
  private static final Logger LOG = Logger.getLogger(KeycloakTestResource.class.getName());
  private static final String VERSION = "26.7.3";
  private static final String REALM = "peervault";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private Process process;

  @Override
  public Map<String, String> start() {
    String external = System.getenv("PEERVAULT_TEST_KEYCLOAK_URL");
    if (external != null && !external.isBlank()) {
      LOG.info("testidp: using Keycloak from PEERVAULT_TEST_KEYCLOAK_URL=" + external);
      return config(external.replaceAll("/+$", ""), System.getenv(
          "PEERVAULT_TEST_KEYCLOAK_SECRET"), System.getenv("PEERVAULT_TEST_KEYCLOAK_USER_PASSWORD"));
    }
    try {
      Path home = unpack(Path.of("target/keycloak").toAbsolutePath());
      String secret = random(24);
      String password = "Pw-" + random(12);
      writeRealm(home.resolve("data/import/peervault-realm.json"), secret, password);
      int port = freePort();
      int managementPort = freePort();
      String url = "http://127.0.0.1:" + port;
      Path log = home.getParent().resolve("keycloak.log");
      ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
          "--http-port=" + port, "--http-host=127.0.0.1", "--http-management-port="
          + managementPort, "--import-realm", "--health-enabled=false")
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
      pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", random(16));
      pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
      long t0 = System.nanoTime();
      process = pb.start();
      awaitReady(url, log);
      LOG.info("testidp: Keycloak ready url=" + url + " seconds="
          + (System.nanoTime() - t0) / 1_000_000_000L + " log=" + log);
      return config(url, secret, password);
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException("testidp: cannot start Keycloak: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> config(String url, String secret, String password) {
    Map<String, String> c = new HashMap<>();
    c.put("quarkus.oidc.tenant-enabled", "true");
    c.put("quarkus.oidc.auth-server-url", url + "/realms/" + REALM);
    c.put("quarkus.oidc.client-id", "peervault-service");
    c.put("quarkus.oidc.credentials.secret", secret);
    c.put("peervault.identity.keycloak-url", url);
    c.put("peervault.identity.keycloak-client-secret", secret);
    c.put(URL_KEY, url);
    c.put(PASSWORD_KEY, password);
    return c;
  }

  @Override
  public void stop() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(Duration.ofSeconds(20).toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /** Unzips the distribution once; removes the previous run's dev database. */
  static Path unpack(Path dir) throws IOException {
    Path home = dir.resolve("keycloak-" + VERSION);
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      Path zip = dir.resolve("keycloak-quarkus-dist-" + VERSION + ".zip");
      if (!Files.isRegularFile(zip)) {
        throw new IOException(zip + " is missing: run the build through Maven (it copies the"
            + " keycloak-quarkus-dist dependency there) or set PEERVAULT_TEST_KEYCLOAK_URL");
      }
      try (ZipFile z = new ZipFile(zip.toFile())) {
        for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
          ZipEntry entry = e.nextElement();
          Path out = dir.resolve(entry.getName()).normalize();
          if (!out.startsWith(dir)) {
            throw new IOException("zip entry leaves the directory: " + entry.getName());
          }
          if (entry.isDirectory()) {
            Files.createDirectories(out);
            continue;
          }
          Files.createDirectories(out.getParent());
          try (InputStream in = z.getInputStream(entry)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          }
          if (entry.getName().endsWith(".sh")) {
            out.toFile().setExecutable(true);
          }
        }
      }
    }
    Path db = home.resolve("data/h2");
    if (Files.isDirectory(db)) {
      try (Stream<Path> all = Files.walk(db)) {
        all.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
    return home;
  }

  /** The committed realm, made runnable for tests: a secret, direct grants, test users. */
  static void writeRealm(Path target, String secret, String password) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode realm = (ObjectNode) json.readTree(Path.of("../deploy/keycloak/peervault-realm.json")
        .toFile());
    for (var client : realm.withArray("clients")) {
      ObjectNode c = (ObjectNode) client;
      if ("peervault-service".equals(c.path("clientId").asText())) {
        c.put("secret", secret);
      }
      if ("peervault-cli".equals(c.path("clientId").asText())) {
        c.put("directAccessGrantsEnabled", true);
      }
    }
    ArrayNode users = realm.withArray("users");
    for (String[] u : List.of(new String[] {ADMIN, "admin"}, new String[] {HELPDESK, "helpdesk"},
        new String[] {ALICE, "user"}, new String[] {BOB, "user"})) {
      ObjectNode user = users.addObject();
      user.put("username", u[0]).put("enabled", true).put("email", u[0] + "@example.test")
          .put("emailVerified", true).put("firstName", u[0]).put("lastName", "Test");
      user.putArray("realmRoles").add(u[1]);
      user.putArray("credentials").addObject().put("type", "password").put("value", password)
          .put("temporary", false);
    }
    Files.createDirectories(target.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), realm);
  }

  private void awaitReady(String url, Path log) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(url + "/realms/" + REALM
        + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("Keycloak exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Keycloak", e);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Keycloak", e);
      }
    }
    throw new IOException("Keycloak not ready within " + START_TIMEOUT + "; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
