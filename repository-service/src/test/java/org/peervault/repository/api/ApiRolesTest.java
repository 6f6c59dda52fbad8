package org.peervault.repository.api;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * Every endpoint of the admin API, with real Keycloak tokens: 401 without a token, 403 for each
 * role it does not allow, success for each role it allows.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRolesTest extends ApiTestSupport {
  private static final Set<String> ROLES = Set.of(ADMIN, HELPDESK, ALICE);

  private long aliceDevice;
  private long aliceSecondDevice;
  private long spareDevice;
  private long drainDevice;
  private long resetUser;
  private long enrollmentToken;

  private boolean ready;

  /** Fixtures, made on first use (RestAssured knows the port only once a test runs). */
  private void fixtures() {
    if (ready) {
      return;
    }
    ready = true;
    aliceDevice = device("alice-laptop", ALICE);
    aliceSecondDevice = device("alice-desktop", ALICE);
    spareDevice = device("spare", null);
    drainDevice = device("to-drain", null);
    resetUser = as(ADMIN).body("{\"username\":\"reset-" + UUID.randomUUID().toString()
        .substring(0, 8) + "\",\"email\":null,\"role\":\"user\"}").post("/api/users")
        .then().statusCode(201).extract().jsonPath().getLong("user.id");
    enrollmentToken = as(ADMIN).body("{}").post("/api/enrollment-tokens").then().statusCode(201)
        .extract().jsonPath().getLong("metadata.id");
  }

  /** One endpoint: how to call it, which test users may, and what success returns. */
  private record Endpoint(String method, Supplier<String> path, Supplier<String> body,
      Set<String> allowed, int success) {}

  private List<Endpoint> endpoints() {
    fixtures();
    Set<String> all = ROLES;
    Set<String> admin = Set.of(ADMIN);
    Set<String> staff = Set.of(ADMIN, HELPDESK);
    Set<String> owners = Set.of(ADMIN, ALICE);
    List<Endpoint> e = new ArrayList<>();
    e.add(new Endpoint("GET", () -> "/api/devices", null, all, 200));
    e.add(new Endpoint("GET", () -> "/api/devices/" + aliceDevice, null, all, 200));
    e.add(new Endpoint("POST", () -> "/api/devices/" + spareDevice + "/revoke", null, admin,
        200));
    e.add(new Endpoint("PUT", () -> "/api/devices/" + aliceDevice + "/owner",
        () -> "{\"userId\":" + userId(ALICE) + "}", admin, 200));
    e.add(new Endpoint("PUT", () -> "/api/devices/" + spareDevice + "/s3-gateway",
        () -> "{\"enabled\":false}", admin, 200));
    e.add(new Endpoint("GET", () -> "/api/peers", null, staff, 200));
    e.add(new Endpoint("GET", () -> "/api/peers/" + aliceDevice, null, staff, 200));
    e.add(new Endpoint("POST", () -> "/api/peers/" + drainDevice + "/drain", null, admin, 200));
    e.add(new Endpoint("GET", () -> "/api/repair", null, admin, 200));
    e.add(new Endpoint("POST", () -> "/api/repair/runs", null, admin, 200));
    e.add(new Endpoint("GET", () -> "/api/users", null, staff, 200));
    e.add(new Endpoint("GET", () -> "/api/users/me", null, all, 200));
    e.add(new Endpoint("GET", () -> "/api/users/" + resetUser, null, staff, 200));
    e.add(new Endpoint("POST", () -> "/api/users", () -> "{\"username\":\"u-"
        + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"user\"}", admin, 201));
    e.add(new Endpoint("POST", () -> "/api/users/" + resetUser + "/password-reset",
        () -> "{}", staff, 200));
    e.add(new Endpoint("GET", () -> "/api/enrollment-tokens", null, admin, 200));
    e.add(new Endpoint("POST", () -> "/api/enrollment-tokens", () -> "{\"deviceGroup\":\"eng\"}",
        admin, 201));
    e.add(new Endpoint("DELETE", () -> "/api/enrollment-tokens/" + enrollmentToken, null, admin,
        200));
    e.add(new Endpoint("GET", () -> "/api/policies", null, admin, 200));
    e.add(new Endpoint("GET", () -> "/api/policies/effective?group=eng", null, admin, 200));
    e.add(new Endpoint("PUT", () -> "/api/policies/groups/roles-test", () -> "{\"name\":\"t\","
        + "\"includePaths\":[\"~/Documents\"]}", admin, 200));
    e.add(new Endpoint("GET", () -> "/api/snapshots?deviceId=" + aliceDevice, null, owners,
        200));
    e.add(new Endpoint("GET", () -> "/api/file-versions?deviceId=" + aliceDevice, null, owners,
        200));
    e.add(new Endpoint("POST", () -> "/api/restore-requests", () -> "{\"sourceDeviceId\":"
        + aliceDevice + ",\"targetDeviceId\":" + aliceSecondDevice + "}", admin, 201));
    e.add(new Endpoint("GET", () -> "/api/restore-requests", null, admin, 200));
    e.add(new Endpoint("POST", () -> "/api/s3-keys", () -> "{\"description\":\"t\"}", owners,
        201));
    e.add(new Endpoint("GET", () -> "/api/s3-keys", null, owners, 200));
    e.add(new Endpoint("GET", () -> "/api/audit", null, admin, 200));
    e.add(new Endpoint("GET", () -> "/api/keys", null, admin, 200));
    e.add(new Endpoint("POST", () -> "/api/keys/rotate", null, admin, 200));
    e.add(new Endpoint("GET", () -> "/api/retention", null, admin, 200));
    e.add(new Endpoint("GET", () -> "/api/replica-audits", null, admin, 200));
    return e;
  }

  @TestFactory
  Stream<DynamicTest> everyEndpointRefusesAnonymousCallersWith401() {
    return endpoints().stream().map(e -> DynamicTest.dynamicTest(e.method() + " "
        + e.path().get(), () -> call(anonymous(), e).then().statusCode(401)
            .contentType("application/problem+json").body("code", equalTo("not-signed-in"))));
  }

  @TestFactory
  Stream<DynamicTest> everyEndpointRefusesRolesItDoesNotAllowWith403() {
    return endpoints().stream().flatMap(e -> ROLES.stream().filter(r -> !e.allowed().contains(r))
        .map(role -> DynamicTest.dynamicTest(e.method() + " " + e.path().get() + " as " + role,
            () -> call(as(role), e).then().statusCode(403)
                .contentType("application/problem+json"))));
  }

  @TestFactory
  Stream<DynamicTest> everyEndpointServesTheRolesItAllows() {
    return endpoints().stream().flatMap(e -> e.allowed().stream()
        .map(role -> DynamicTest.dynamicTest(e.method() + " " + e.path().get() + " as " + role,
            () -> call(as(role), e).then().statusCode(e.success()))));
  }

  @TestFactory
  Stream<DynamicTest> idsInPathsOfOtherEndpointsAreCoveredToo() {
    // The detail and revoke endpoints of restore requests and S3 keys need ids made here.
    fixtures();
    long request = as(ADMIN).body("{\"sourceDeviceId\":" + aliceDevice + ",\"targetDeviceId\":"
        + aliceSecondDevice + "}").post("/api/restore-requests").then().statusCode(201)
        .extract().jsonPath().getLong("id");
    String key = as(ALICE).body("{}").post("/api/s3-keys").then().statusCode(201).extract()
        .path("accessKeyId");
    List<Endpoint> more = List.of(
        new Endpoint("GET", () -> "/api/restore-requests/" + request, null, Set.of(ADMIN), 200),
        new Endpoint("DELETE", () -> "/api/s3-keys/" + key, null, Set.of(ADMIN, ALICE), 200));
    return more.stream().flatMap(e -> Stream.of(
        DynamicTest.dynamicTest(e.method() + " " + e.path().get() + " anonymous",
            () -> call(anonymous(), e).then().statusCode(401)),
        DynamicTest.dynamicTest(e.method() + " " + e.path().get() + " as helpdesk",
            () -> call(as(HELPDESK), e).then().statusCode(403)),
        DynamicTest.dynamicTest(e.method() + " " + e.path().get() + " as allowed",
            () -> e.allowed().forEach(r -> call(as(r), e).then().statusCode(e.success())))));
  }

  private static Response call(RequestSpecification spec, Endpoint e) {
    if (e.body() != null) {
      spec = spec.body(e.body().get());
    }
    return spec.request(e.method(), e.path().get());
  }
}
