package org.peervault.repository.flow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.peervault.agent.account.AgentTasksClient;
import org.peervault.agent.account.OidcClient;
import org.peervault.agent.account.UserSession;
import org.peervault.agent.account.UserTokens;
import org.peervault.agent.restore.Restore;
import org.peervault.agent.restore.RestoreReport;
import org.peervault.agent.restore.RestoreRequest;
import org.peervault.agent.seal.Sealer;
import org.peervault.agent.transfer.AuthenticationException;
import org.peervault.agent.transfer.ChunkFetcher;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.rpc.GrpcServer;
import org.peervault.repository.testdb.PostgresTestResource;
import org.peervault.repository.testidp.KeycloakBrowser;
import org.peervault.repository.testidp.KeycloakTestResource;
import org.peervault.repository.testidp.TestTokens;

/**
 * The identity flow end to end, on the real Keycloak: an admin creates a user; the user signs in
 * on their laptop (device authorization grant, replacing the first temporary password) and backs
 * up; forgets the password; helpdesk resets it; on a freshly enrolled second laptop the user
 * signs in with the new one and restores every file of the first laptop byte for byte. Also: an
 * admin's restore request carried out by a third device. The steps build on each other.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserRestoreIT {
  private static final long QUOTA = 1L << 30;

  @Inject
  GrpcServer grpcServer;

  @Inject
  Enrollment enrollment;

  private Path work;
  private Path tree;
  private String repository;
  private String token;
  private String username;
  private long userId;
  private String password;
  private TestPeer laptop;
  private TestPeer newLaptop;
  private final List<TestPeer> peers = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    work = Files.createTempDirectory("pv-user-");
    repository = "127.0.0.1:" + grpcServer.port();
    tree = makeTree(work.resolve("source/home"));
  }

  @AfterAll
  void stop() throws IOException {
    Stream.concat(Stream.of(laptop, newLaptop), peers.stream()).filter(p -> p != null)
        .forEach(TestPeer::close);
    try (Stream<Path> all = Files.walk(work)) {
      all.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void aUserSignsInOnTheirLaptopAndBacksUp() throws Exception {
    username = "carol-" + UUID.randomUUID().toString().substring(0, 8);
    var created = asAdmin().body("{\"username\":\"" + username + "\",\"email\":\"" + username
        + "@example.test\",\"role\":\"user\"}").post("/api/users").then().statusCode(201)
        .extract().jsonPath();
    userId = created.getLong("user.id");
    long organization = created.getLong("user.id") > 0 ? organizationOfAdmin() : 0;
    token = enrollment.issueToken(organization, false, null);
    laptop = TestPeer.start("carol-laptop", work, QUOTA, repository, token);
    for (int i = 1; i <= 3; i++) {
      peers.add(TestPeer.start("colleague-" + i + "-" + username, work, QUOTA, repository, token));
    }
    password = "First-" + UUID.randomUUID();

    UserTokens tokens = signIn(created.getString("temporaryPassword"), password);
    Path state = Files.createDirectories(work.resolve("carol-laptop-state"));
    tokens.save(state);
    try (RepositoryClient asCarol = RepositoryClient.connect(repository, laptop.identity(),
        UserSession.interceptors(state))) {
      assertThat(new AgentTasksClient(asCarol).claimDevice().getOwnerUsername())
          .isEqualTo(username);
    }
    var report = laptop.backup(tree);

    assertThat(report.skipped()).isEmpty();
    assertThat(report.newChunks()).isPositive();
    asAdmin().get("/api/devices/" + laptop.deviceId()).then().statusCode(200)
        .body("ownerUserId", org.hamcrest.Matchers.equalTo((int) userId));
  }

  @Test
  @Order(2)
  void helpdeskResetsTheForgottenPassword() {
    String temporary = given().auth().oauth2(TestTokens.of(KeycloakTestResource.HELPDESK))
        .contentType(ContentType.JSON).body("{}")
        .post("/api/users/" + userId + "/password-reset").then().statusCode(200)
        .extract().path("temporaryPassword");

    String old = password;
    password = temporary;

    assertThat(TestTokens.passwordGrantStatus(username, old)).as("the old password is refused")
        .isIn(400, 401);
  }

  @Test
  @Order(3)
  void onAFreshLaptopTheUserSignsInAndRestoresEveryFileOfTheOldOne() throws Exception {
    newLaptop = TestPeer.start("carol-new-laptop", work, QUOTA, repository, token);
    Path target = work.resolve("restored");
    try (PeerChannels channels = new PeerChannels(newLaptop.identity())) {
      Restore anonymous = new Restore(newLaptop.repository(), new ChunkFetcher(channels,
          new Sealer()), 4);
      assertThatThrownBy(() -> anonymous.run(new RestoreRequest(target, laptop.deviceId(), 0, 0,
          List.of()))).as("without the user's sign-in").isInstanceOf(AuthenticationException.class);
    }

    String chosen = "Second-" + UUID.randomUUID();
    UserTokens tokens = signIn(password, chosen);
    Path state = Files.createDirectories(work.resolve("carol-new-laptop-state"));
    tokens.save(state);
    assertThat(Files.getPosixFilePermissions(state.resolve(UserTokens.FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    RestoreReport report;
    try (RepositoryClient asCarol = RepositoryClient.connect(repository, newLaptop.identity(),
        UserSession.interceptors(state)); PeerChannels channels = new PeerChannels(
        newLaptop.identity())) {
      new AgentTasksClient(asCarol).claimDevice();
      report = new Restore(asCarol, new ChunkFetcher(channels, new Sealer()), 4)
          .run(new RestoreRequest(target, laptop.deviceId(), 0, 0, List.of()));
    }

    assertThat(report.errors()).isEmpty();
    assertSameTree(tree, target.resolve("home"));
    asAdmin().get("/api/devices?ownerUserId=" + userId).then()
        .body("total", org.hamcrest.Matchers.equalTo(2));
  }

  @Test
  @Order(4)
  void anotherUsersSignInDoesNotOpenCarolsBackups() throws Exception {
    String bob = TestTokens.of(KeycloakTestResource.BOB);
    try (RepositoryClient asBob = RepositoryClient.connect(repository, newLaptop.identity(),
        UserSession.bearer(() -> bob)); PeerChannels channels = new PeerChannels(
        newLaptop.identity())) {
      assertThatThrownBy(() -> new Restore(asBob, new ChunkFetcher(channels, new Sealer()), 4)
          .run(new RestoreRequest(work.resolve("bob"), laptop.deviceId(), 0, 0, List.of())))
          .isInstanceOf(AuthenticationException.class).hasMessageContaining("not owned");
    }
  }

  @Test
  @Order(5)
  void anAdminsRestoreRequestIsCarriedOutByTheTargetDevice() throws Exception {
    TestPeer helper = peers.get(0);
    long request = asAdmin().body("{\"sourceDeviceId\":" + laptop.deviceId()
        + ",\"targetDeviceId\":" + helper.deviceId() + ",\"paths\":[\"home/docs\"],"
        + "\"targetDirectory\":\"for-carol\"}").post("/api/restore-requests").then()
        .statusCode(201).extract().jsonPath().getLong("id");

    AgentTasksClient tasks = new AgentTasksClient(helper.repository());
    List<org.peervault.proto.v1.RestoreRequest> pending = tasks.pendingRestores();
    assertThat(pending).extracting(r -> r.getId()).containsExactly(request);
    var r = pending.get(0);
    // The request opens exactly what it names: not the rest of the source device.
    assertThatThrownBy(() -> helper.repository().planRestore(org.peervault.proto.v1.PlanRestoreRequest.newBuilder()
        .setDeviceId(laptop.deviceId()).addPaths("home").build(), batch -> { }))
        .hasMessageContaining("not part of restore request");
    List<String> planned = new ArrayList<>();
    helper.repository().planRestore(org.peervault.proto.v1.PlanRestoreRequest.newBuilder()
        .setDeviceId(laptop.deviceId()).build(), batch -> batch.getFilesList().forEach(f -> planned.add(f.getPath())));
    assertThat(planned).isNotEmpty().allMatch(p -> p.equals("home/docs") || p.startsWith("home/docs/"));
    Path target = work.resolve("helper-root").resolve(r.getTargetDirectory());
    RestoreReport report;
    try (PeerChannels channels = new PeerChannels(helper.identity())) {
      report = new Restore(helper.repository(), new ChunkFetcher(channels, new Sealer()), 4)
          .run(new RestoreRequest(target, r.getSourceDeviceId(), r.getSnapshotId(),
              r.getAtMillis(), r.getPathsList()));
    }
    tasks.complete(request, report.errors().isEmpty(), "restored " + report.files() + " files");

    assertThat(report.errors()).isEmpty();
    assertSameTree(tree.resolve("docs"), target.resolve("home/docs"));
    asAdmin().get("/api/restore-requests/" + request).then().body("status",
        org.hamcrest.Matchers.equalTo("DONE"));
    assertThat(tasks.pendingRestores()).isEmpty();
    assertThatThrownBy(() -> new Restore(helper.repository(), new ChunkFetcher(
        new PeerChannels(helper.identity()), new Sealer()), 4).run(new RestoreRequest(
        work.resolve("again"), laptop.deviceId(), 0, 0, List.of())))
        .as("a completed request grants nothing").isInstanceOf(AuthenticationException.class);
  }

  /** The user approves a device sign-in at Keycloak's pages, replacing a temporary password. */
  private UserTokens signIn(String temporaryPassword, String newPassword) throws Exception {
    OidcClient oidc = OidcClient.discover(TestTokens.keycloakUrl() + "/realms/peervault",
        "peervault-cli");
    OidcClient.DeviceCode code = oidc.start();
    // Approve first (as the person at the browser would while the agent waits), then collect.
    String last = new KeycloakBrowser().approve(code.verificationUriComplete(), code.userCode(),
        username, temporaryPassword, newPassword);
    assertThat(last).as("Keycloak's last page").containsIgnoringCase("success");
    UserTokens tokens = oidc.await(code);
    assertThat(tokens.username()).isEqualTo(username);
    return tokens;
  }

  private static io.restassured.specification.RequestSpecification asAdmin() {
    return given().auth().oauth2(TestTokens.of(KeycloakTestResource.ADMIN))
        .contentType(ContentType.JSON);
  }

  private static long organizationOfAdmin() {
    return asAdmin().get("/api/users/me").then().statusCode(200).extract().jsonPath()
        .getLong("organizationId");
  }

  private static Path makeTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("docs/taxes"));
    Files.createDirectories(root.resolve("Fotos ✓/東京"));
    Files.writeString(root.resolve("docs/report.txt"), "quarterly numbers\n".repeat(2000));
    Files.writeString(root.resolve("docs/taxes/2025.csv"), "a,b,c\n1,2,3\n");
    Files.createFile(root.resolve("docs/empty.txt"));
    byte[] photo = new byte[5 << 20];
    new Random(11).nextBytes(photo);
    Files.write(root.resolve("Fotos ✓/東京/naïve café.raw"), photo);
    return root;
  }

  private static void assertSameTree(Path expected, Path actual) throws IOException {
    try (Stream<Path> all = Files.walk(expected)) {
      for (Path source : all.toList()) {
        Path copy = actual.resolve(expected.relativize(source).toString());
        assertThat(copy).as(copy.toString()).exists();
        if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
          assertThat(Files.mismatch(source, copy)).as("bytes of " + copy).isEqualTo(-1);
        }
      }
    }
    try (Stream<Path> a = Files.walk(actual); Stream<Path> e = Files.walk(expected)) {
      assertThat(a.count()).as("nothing extra restored").isEqualTo(e.count());
    }
  }
}
