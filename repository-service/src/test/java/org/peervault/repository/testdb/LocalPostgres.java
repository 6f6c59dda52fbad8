package org.peervault.repository.testdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real PostgreSQL database for a test run or a demo, provisioned from the first source that
 * works here:
 * <ol>
 *   <li>the environment: {@code PEERVAULT_TEST_DB_URL} (+ {@code _USER}, {@code _PASSWORD}),
 *       used as is;
 *   <li>a server on 127.0.0.1:5432 accepting user {@code postgres} (no password, or
 *       {@code PGPASSWORD}): a fresh database {@code pv_test_<random>}, dropped on close;
 *   <li>the same after starting a stopped Debian cluster ({@code pg_lsclusters},
 *       {@code pg_ctlcluster --skip-systemctl-redirect <ver> <name> start});
 *   <li>a Testcontainers PostgreSQL when a Docker engine is available;
 *   <li>zonky embedded PostgreSQL (its bundled binaries, also as root), stopped on close.
 * </ol>
 * The source used is logged. {@link #main} provisions one database for scripts, prints
 * {@code PEERVAULT_DB_URL=... PEERVAULT_DB_USER=... PEERVAULT_DB_PASSWORD=...} as the only line
 * on stdout, and keeps it until the process is killed.
 */
public final class LocalPostgres implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalPostgres.class.getName());
  private static final String LOCAL_HOST = "127.0.0.1";
  private static final int LOCAL_PORT = 5432;

  private final String url;
  private final String user;
  private final String password;
  private final String source;
  private final AutoCloseable cleanup;
  private boolean closed;

  private LocalPostgres(String url, String user, String password, String source,
      AutoCloseable cleanup) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.source = source;
    this.cleanup = cleanup;
  }

  /** Provisions a database from the first source that works; see the class comment. */
  public static LocalPostgres provision() {
    List<String> tried = new ArrayList<>();
    Optional<LocalPostgres> db = fromEnvironment();
    if (db.isEmpty()) {
      db = freshLocalDatabase(tried);
    }
    if (db.isEmpty() && startStoppedClusters(tried)) {
      for (int attempt = 0; attempt < 20 && db.isEmpty(); attempt++) {
        sleep(500);
        db = freshLocalDatabase(attempt == 19 ? tried : new ArrayList<>());
      }
    }
    if (db.isEmpty()) {
      db = testcontainers(tried);
    }
    if (db.isEmpty()) {
      db = embedded(tried);
    }
    LocalPostgres result = db.orElseThrow(() -> new IllegalStateException("testdb: no"
        + " PostgreSQL available; tried: " + String.join("; ", tried) + ". Set"
        + " PEERVAULT_TEST_DB_URL (+ _USER, _PASSWORD) to a database tests may use"));
    LOG.info("testdb: using source=" + result.source + " url=" + result.url + " user="
        + result.user);
    return result;
  }

  /** JDBC URL of the database. */
  public String url() {
    return url;
  }

  /** User name. */
  public String user() {
    return user;
  }

  /** Password, empty when none is needed. */
  public String password() {
    return password;
  }

  /** Which source provided the database, e.g. {@code local 127.0.0.1:5432}. */
  public String source() {
    return source;
  }

  /** Drops the database or stops the server this instance started; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      cleanup.close();
      LOG.info("testdb: released source=" + source);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "testdb: cleanup of " + source + " failed", e);
    }
  }

  private static Optional<LocalPostgres> fromEnvironment() {
    String url = System.getenv("PEERVAULT_TEST_DB_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String user = Optional.ofNullable(System.getenv("PEERVAULT_TEST_DB_USER")).orElse("postgres");
    String password = Optional.ofNullable(System.getenv("PEERVAULT_TEST_DB_PASSWORD")).orElse("");
    return Optional.of(new LocalPostgres(url, user, password, "env PEERVAULT_TEST_DB_URL",
        () -> { }));
  }

  private static Optional<LocalPostgres> freshLocalDatabase(List<String> tried) {
    String password = Optional.ofNullable(System.getenv("PGPASSWORD")).orElse("");
    String admin = "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/postgres";
    String name = "pv_test_" + HexFormat.of().formatHex(randomBytes(6));
    try (Connection c = connect(admin, "postgres", password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      tried.add("local " + LOCAL_HOST + ":" + LOCAL_PORT + " (" + e.getMessage() + ")");
      return Optional.empty();
    }
    String url = "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/" + name;
    return Optional.of(new LocalPostgres(url, "postgres", password, "local " + LOCAL_HOST + ":"
        + LOCAL_PORT + " database " + name, () -> dropDatabase(admin, password, name)));
  }

  private static void dropDatabase(String adminUrl, String password, String name)
      throws SQLException {
    try (Connection c = connect(adminUrl, "postgres", password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static boolean startStoppedClusters(List<String> tried) {
    List<String> lines = run(List.of("pg_lsclusters", "--no-header"));
    if (lines == null) {
      tried.add("pg_lsclusters (not installed)");
      return false;
    }
    boolean started = false;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[3].startsWith("down")) {
        LOG.info("testdb: starting stopped cluster version=" + f[0] + " name=" + f[1]
            + " port=" + f[2]);
        List<String> out = run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", f[0], f[1],
            "start"));
        if (out == null) {
          tried.add("pg_ctlcluster " + f[0] + " " + f[1] + " start (failed)");
        } else {
          started = true;
        }
      }
    }
    if (!started) {
      tried.add("pg_lsclusters (no stopped cluster to start)");
    }
    return started;
  }

  private static Optional<LocalPostgres> testcontainers(List<String> tried) {
    try {
      if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
        tried.add("Testcontainers (no Docker engine)");
        return Optional.empty();
      }
      var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
      container.start();
      return Optional.of(new LocalPostgres(container.getJdbcUrl(), container.getUsername(),
          container.getPassword(), "testcontainers " + container.getDockerImageName(),
          container::stop));
    } catch (RuntimeException | LinkageError e) {
      tried.add("Testcontainers (" + e + ")");
      return Optional.empty();
    }
  }

  private static Optional<LocalPostgres> embedded(List<String> tried) {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      return Optional.of(new LocalPostgres(pg.getJdbcUrl("postgres", "postgres"), "postgres", "",
          "zonky embedded port " + pg.getPort(), pg));
    } catch (IOException | RuntimeException e) {
      tried.add("zonky embedded (" + e + ")");
      return Optional.empty();
    }
  }

  private static Connection connect(String url, String user, String password)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (!password.isEmpty()) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "3");
    props.setProperty("loginTimeout", "5");
    return DriverManager.getConnection(url, props);
  }

  /** Runs a command; its output lines, or null when it cannot run or fails. */
  private static List<String> run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? lines : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Provisions a database for a script, prints its coordinates as the only line on stdout, and
   * keeps it (and any server it started) until the process is terminated.
   */
  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format",
          "%1$tFT%1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n");
    }
    PrintStream stdout = System.out;
    System.setOut(System.err);
    LocalPostgres db = provision();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "testdb-shutdown"));
    stdout.println("PEERVAULT_DB_URL=" + db.url() + " PEERVAULT_DB_USER=" + db.user()
        + " PEERVAULT_DB_PASSWORD=" + db.password());
    stdout.flush();
    LOG.info("testdb: serving until terminated pid=" + ProcessHandle.current().pid());
    forever.await();
  }
}
