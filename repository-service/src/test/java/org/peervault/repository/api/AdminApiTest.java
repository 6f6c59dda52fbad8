package org.peervault.repository.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.DeviceStore;
import org.peervault.repository.testdb.PostgresTestResource;
import org.peervault.repository.testidp.TestTokens;
import jakarta.inject.Inject;

/** What the admin API does, beyond who may call it (ApiRolesTest). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AdminApiTest extends ApiTestSupport {

  @Inject
  DeviceStore deviceStore;

  @Test
  void aUserSeesOnlyTheirOwnDevicesAndFiles() {
    long mine = device("alice-own", ALICE);
    long bobs = device("bob-own", BOB);

    as(ALICE).get("/api/devices?size=200").then().statusCode(200)
        .body("items.id", hasItem((int) mine)).body("items.id", not(hasItem((int) bobs)))
        .body("items.ownerUserId", everyItem(equalTo((int) userId(ALICE))));
    as(ALICE).get("/api/devices/" + bobs).then().statusCode(404)
        .body("code", equalTo("device-not-found"));
    as(ALICE).get("/api/snapshots?deviceId=" + bobs).then().statusCode(404);
    as(ALICE).get("/api/file-versions?deviceId=" + bobs).then().statusCode(404);
    as(ADMIN).get("/api/devices/" + bobs).then().statusCode(200).body("name", startsWith("bob-own"));
  }

  @Test
  void helpdeskSeesDevicesAndUsersButNoFileNames() {
    long dev = device("helpdesk-view", ALICE);

    as(HELPDESK).get("/api/devices/" + dev).then().statusCode(200);
    as(HELPDESK).get("/api/users?username=pv-alice").then().statusCode(200)
        .body("items.username", hasItem("pv-alice"));
    as(HELPDESK).get("/api/snapshots?deviceId=" + dev).then().statusCode(403);
    as(HELPDESK).get("/api/file-versions?deviceId=" + dev + "&path=docs").then().statusCode(403);
    as(HELPDESK).get("/api/restore-requests").then().statusCode(403);
  }

  @Test
  void listsArePagedAndFiltered() {
    String group = "paging-" + UUID.randomUUID().toString().substring(0, 6);
    long org = defaultOrganization();
    for (int i = 0; i < 5; i++) {
      enroll(tokens.issue(org, group, true, null).token(), group + "-" + i);
    }

    as(ADMIN).get("/api/devices?group=" + group + "&page=1&size=2").then().statusCode(200)
        .body("items", hasSize(2)).body("page", equalTo(1)).body("size", equalTo(2))
        .body("total", equalTo(5)).body("items.deviceGroup", everyItem(equalTo(group)));
    as(ADMIN).get("/api/devices?group=" + group + "&name=" + group + "-3").then()
        .body("total", equalTo(1)).body("items[0].name", equalTo(group + "-3"));
    as(ADMIN).get("/api/peers?group=" + group + "&live=true").then().statusCode(200)
        .body("total", equalTo(5)).body("items[0].uptimeCycle", hasSize(24))
        .body("items[0].uptimeCycle[9]", equalTo(1.0f)).body("items[0].uptimeCycle[8]",
            equalTo(0.0f)).body("items[0].replicasHeld", equalTo(0));
  }

  @Test
  void badPagingIsAProblemNamingTheField() {
    as(ADMIN).get("/api/devices?size=500").then().statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:peervault:problem:invalid-request"))
        .body("title", equalTo("Bad Request")).body("status", equalTo(400))
        .body("code", equalTo("invalid-request")).body("instance", equalTo("/api/devices"))
        .body("errors[0].field", equalTo("size"))
        .body("errors[0].message", equalTo("size must be 1 to 200"))
        .body("detail", containsString("size must be 1 to 200"));
  }

  @Test
  void unknownThingsAndBadBodiesAreProblemsWithStableCodes() {
    as(ADMIN).get("/api/devices/999999999").then().statusCode(404)
        .contentType("application/problem+json").body("code", equalTo("device-not-found"))
        .body("detail", equalTo("device 999999999 does not exist in your organization"));
    as(ADMIN).body("{\"username\":\"\",\"role\":\"root\"}").post("/api/users").then()
        .statusCode(400).body("code", equalTo("invalid-request"))
        .body("errors.field", hasItem(containsString("username")))
        .body("errors.field", hasItem(containsString("role")));
    as(ADMIN).body("{\"name\":\"x\",\"includePaths\":[\"~\"],\"schedule\":\"hourly\"}")
        .put("/api/policies/default").then().statusCode(400).body("code", equalTo("invalid-policy"))
        .body("detail", containsString("ISO-8601"));
    given().auth().oauth2("not-a-token").get("/api/devices").then().statusCode(401);
  }

  @Test
  void aBadTimeFilterIsAProblemShowingTheExpectedForm() {
    as(ADMIN).get("/api/audit?from=yesterday").then().statusCode(400)
        .contentType("application/problem+json").body("code", equalTo("bad-request"))
        .body("detail", containsString("2026-11-20T18:00:00Z"));
    as(ADMIN).get("/api/audit?from=2026-01-01T00:00:00Z").then().statusCode(200);
  }

  @Test
  void helpdeskCannotResetTheirOwnOrAnAdminsPassword() {
    long admin = userId(ADMIN);
    long helpdesk = userId(HELPDESK);

    as(HELPDESK).body("{}").post("/api/users/" + admin + "/password-reset").then()
        .statusCode(403).body("code", equalTo("reset-needs-admin"));
    as(HELPDESK).body("{}").post("/api/users/" + helpdesk + "/password-reset").then()
        .statusCode(403).body("code", equalTo("reset-needs-admin"));
    as(ADMIN).get("/api/audit?action=user.password-reset&outcome=reset-needs-admin").then()
        .body("items.target", hasItem("id=" + admin));
  }

  @Test
  void anAdminMarksADeviceAsS3GatewayAndItIsAudited() {
    long dev = device("s3-gateway", null);

    as(ADMIN).body("{\"enabled\":true}").put("/api/devices/" + dev + "/s3-gateway").then()
        .statusCode(200).body("s3Gateway", equalTo(true));
    as(ADMIN).body("{}").put("/api/devices/" + dev + "/s3-gateway").then().statusCode(400);

    assertThat(deviceStore.findById(dev).map(d -> d.s3Gateway)).contains(true);
    as(ADMIN).get("/api/audit?action=device.s3-gateway&actor=" + ADMIN).then().statusCode(200)
        .body("items.target", hasItem("id=" + dev));
  }

  @Test
  void revokingADeviceStopsItAndIsAudited() {
    long dev = device("to-revoke", null);

    as(ADMIN).post("/api/devices/" + dev + "/revoke").then().statusCode(200)
        .body("status", equalTo("REVOKED"));

    assertThat(deviceStore.findById(dev).map(d -> d.status)).contains(Device.Status.REVOKED);
    as(ADMIN).get("/api/audit?action=device.revoke&actor=" + ADMIN).then().statusCode(200)
        .body("items.target", hasItem("id=" + dev)).body("items[0].role", equalTo("admin"))
        .body("items[0].outcome", equalTo("ok"));
  }

  @Test
  void helpdeskResetSetsATemporaryPasswordThatMustBeChanged() {
    String name = "forgetful-" + UUID.randomUUID().toString().substring(0, 8);
    long id = as(ADMIN).body("{\"username\":\"" + name + "\",\"email\":\"" + name
        + "@example.test\",\"role\":\"user\"}").post("/api/users").then().statusCode(201)
        .body("temporaryPassword", notNullValue()).extract().jsonPath().getLong("user.id");

    String temporary = as(HELPDESK).body("{}").post("/api/users/" + id + "/password-reset")
        .then().statusCode(200).body("updatePasswordRequired", equalTo(true))
        .extract().path("temporaryPassword");

    assertThat(temporary).hasSizeGreaterThan(10);
    // Keycloak refuses to issue tokens until the user replaces the temporary password.
    assertThat(TestTokens.passwordGrantStatus(name, temporary)).isEqualTo(400);
    as(ADMIN).get("/api/audit?action=user.password-reset&actor=" + HELPDESK).then()
        .body("items.target", hasItem("id=" + id)).body("items[0].role", equalTo("helpdesk"));
    as(HELPDESK).body("{\"temporaryPassword\":\"short\"}").post("/api/users/" + id
        + "/password-reset").then().statusCode(400).body("errors[0].field",
        equalTo("temporaryPassword"));
  }

  @Test
  void anEnrollmentTokenPutsDevicesIntoItsGroupAndStopsWorkingWhenRevoked() {
    var issued = as(ADMIN).body("{\"deviceGroup\":\"finance\",\"singleUse\":false}")
        .post("/api/enrollment-tokens").then().statusCode(201)
        .body("metadata.deviceGroup", equalTo("finance")).body("metadata.usable", equalTo(true))
        .extract().jsonPath();
    String token = issued.getString("token");

    long dev = enroll(token, "fin-" + UUID.randomUUID().toString().substring(0, 8));
    as(ADMIN).get("/api/devices/" + dev).then().body("deviceGroup", equalTo("finance"));
    as(ADMIN).get("/api/enrollment-tokens?size=200").then()
        .body("items.find { it.id == " + issued.getLong("metadata.id") + " }.usable",
            equalTo(true)).body(not(containsString(token)));

    as(ADMIN).delete("/api/enrollment-tokens/" + issued.getLong("metadata.id")).then()
        .statusCode(200).body("usable", equalTo(false));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> enroll(token, "fin-late"))
        .hasMessageContaining("token");
  }

  @Test
  void anS3SecretIsShownOnceAndStoredWrapped() {
    var issued = as(ALICE).body("{\"description\":\"backup script\"}").post("/api/s3-keys")
        .then().statusCode(201).body("accessKeyId", startsWith("PV"))
        .body("secretAccessKey", notNullValue()).extract().jsonPath();
    String keyId = issued.getString("accessKeyId");
    String secret = issued.getString("secretAccessKey");

    String listing = as(ALICE).get("/api/s3-keys").then().statusCode(200)
        .body("items.accessKeyId", hasItem(keyId)).extract().asString();
    assertThat(listing).doesNotContain(secret);
    as(BOB).delete("/api/s3-keys/" + keyId).then().statusCode(404);
    as(ALICE).delete("/api/s3-keys/" + keyId).then().statusCode(200)
        .body("revokedAt", notNullValue());
    as(ALICE).get("/api/s3-keys").then().body("items.accessKeyId", not(hasItem(keyId)));
    as(ALICE).get("/api/s3-keys?includeRevoked=true").then()
        .body("items.accessKeyId", hasItem(keyId));
  }

  @Test
  void policiesAreStoredPerGroupAndEffectiveFallsBackToTheDefault() {
    as(ADMIN).body("{\"name\":\"org default\",\"includePaths\":[\"~\"],\"excludePatterns\":"
        + "[\"*.iso\"],\"schedule\":\"PT2H\",\"retentionDays\":30,\"targetAvailability\":0.95}")
        .put("/api/policies/default").then().statusCode(200).body("deviceGroup", nullValue())
        .body("schedule", equalTo("PT2H"));
    as(ADMIN).body("{\"name\":\"design\",\"includePaths\":[\"~/Designs\"]}")
        .put("/api/policies/groups/design").then().statusCode(200)
        .body("deviceGroup", equalTo("design")).body("retentionDays", equalTo(90));

    as(ADMIN).get("/api/policies/effective?group=design").then()
        .body("includePaths", equalTo(List.of("~/Designs")));
    as(ADMIN).get("/api/policies/effective?group=nobody").then()
        .body("name", equalTo("org default")).body("excludePatterns", equalTo(List.of("*.iso")))
        .body("targetAvailability", equalTo(0.95f));
    as(ADMIN).get("/api/policies").then().body("items.name", hasItem("design"));
  }

  @Test
  void restoreRequestsCheckTheirDevicesAndListByStatus() {
    long source = device("rr-source", ALICE);
    long target = device("rr-target", ALICE);

    long id = as(ADMIN).body("{\"sourceDeviceId\":" + source + ",\"targetDeviceId\":" + target
        + ",\"paths\":[\"Documents\"],\"targetDirectory\":\"from-old-laptop\"}")
        .post("/api/restore-requests").then().statusCode(201).body("status", equalTo("PENDING"))
        .body("requestedBy", equalTo(ADMIN)).extract().jsonPath().getLong("id");

    as(ADMIN).get("/api/restore-requests?status=PENDING&targetDeviceId=" + target).then()
        .body("items.id", equalTo(List.of((int) id)));
    as(ADMIN).body("{\"sourceDeviceId\":" + source + ",\"targetDeviceId\":" + target
        + ",\"targetDirectory\":\"../escape\"}").post("/api/restore-requests").then()
        .statusCode(400).body("code", equalTo("invalid-path"));
    as(ADMIN).body("{\"sourceDeviceId\":" + source + ",\"targetDeviceId\":999999999}")
        .post("/api/restore-requests").then().statusCode(404)
        .body("code", equalTo("device-not-found"));
  }

  @Test
  void healthMetricsAndTheOpenApiDocumentAreServed() {
    given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    as(ADMIN).get("/api/users/me").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("http_server_requests_seconds_count"));
    given().accept("application/json").get("/q/openapi").then().statusCode(200)
        .body("paths.'/api/devices'", notNullValue())
        .body("paths.'/api/users/{id}/password-reset'", notNullValue());
    given().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Inject
  org.peervault.repository.catalog.Chunks chunks;

  @Inject
  org.peervault.repository.catalog.Snapshots snapshots;

  @Inject
  jakarta.persistence.EntityManager em;

  @Test
  void snapshotsShowTheAvailabilityTheyAchievedAndWhetherItFellShortOfTheTarget() throws Exception {
    long organization = defaultOrganization();
    long owner = device("avail-owner", ALICE);
    long peerA = device("avail-a", null);
    long peerB = device("avail-b", null);
    org.peervault.repository.testdb.UptimeSamples.halfUp(em, peerA);
    org.peervault.repository.testdb.UptimeSamples.halfUp(em, peerB);
    org.peervault.repository.device.Caller caller = new org.peervault.repository.device.Caller(owner, organization, null);
    byte[] plainHash = java.security.MessageDigest.getInstance("SHA-256").digest(UUID.randomUUID().toString()
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String chunkId = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(plainHash));
    int version = chunks.lookup(caller, List.of(plainHash)).get(0).keyVersion();
    chunks.confirm(caller, List.of(new org.peervault.repository.catalog.Chunks.Confirmation(chunkId, plainHash,
        100, 128, version, List.of(peerA, peerB))));
    long snapshot = snapshots.begin(caller, "laptop", List.of("/home/alice")).id();
    snapshots.addFiles(caller, snapshot, List.of(new org.peervault.repository.catalog.FileEntry("f",
        org.peervault.repository.catalog.FileVersion.Kind.REGULAR, 100, 0644, 1, "",
        List.of(new org.peervault.repository.catalog.FileEntry.Slice(chunkId, 100, plainHash)))));
    snapshots.commit(caller, snapshot, new org.peervault.repository.catalog.SnapshotStats(1, 100, 1, 0, 256, 0));

    // two peers up half of the time: 1 - 0.5^2 in the owner's hours, short of the default 0.99
    as(ADMIN).get("/api/snapshots?deviceId=" + owner).then().statusCode(200)
        .body("items[0].id", equalTo((int) snapshot))
        .body("items[0].achievedAvailability", equalTo(0.75f))
        .body("items[0].targetAvailability", equalTo(0.99f))
        .body("items[0].belowTarget", equalTo(true));
    as(ALICE).get("/api/snapshots?deviceId=" + owner).then().statusCode(200)
        .body("items[0].belowTarget", equalTo(true));
  }
}
