package org.peervault.repository.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.UUID;
import org.peervault.agent.transfer.DeviceKeys;
import org.peervault.repository.device.Devices;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.device.TokenAdministration;
import org.peervault.repository.testidp.KeycloakTestResource;
import org.peervault.repository.testidp.TestTokens;

/**
 * What the REST tests share: requests as each test user (real Keycloak tokens), and devices
 * registered in the default organization (where the realm's test users live).
 */
abstract class ApiTestSupport {
  static final String ADMIN = KeycloakTestResource.ADMIN;
  static final String HELPDESK = KeycloakTestResource.HELPDESK;
  static final String ALICE = KeycloakTestResource.ALICE;
  static final String BOB = KeycloakTestResource.BOB;

  @Inject
  Enrollment enrollment;

  @Inject
  TokenAdministration tokens;

  @Inject
  Devices devices;

  /** A request as a test user, JSON in and out. */
  static RequestSpecification as(String user) {
    return given().auth().oauth2(TestTokens.of(user)).contentType(ContentType.JSON)
        .accept(ContentType.JSON);
  }

  /** A request without credentials. */
  static RequestSpecification anonymous() {
    return given().contentType(ContentType.JSON).accept(ContentType.JSON);
  }

  /** The user account id of a test user (created on their first call). */
  static long userId(String user) {
    return as(user).get("/api/users/me").then().statusCode(200).extract().jsonPath()
        .getLong("id");
  }

  /** The id of the default organization (the one test users belong to). */
  static long defaultOrganization() {
    return as(ADMIN).get("/api/users/me").then().statusCode(200).extract().jsonPath()
        .getLong("organizationId");
  }

  /** Registers a device in the default organization, owned by {@code owner} (null: nobody). */
  long device(String prefix, String owner) {
    long org = defaultOrganization();
    long id = enroll(tokens.issue(org, null, true, null).token(), prefix + "-"
        + UUID.randomUUID().toString().substring(0, 8));
    if (owner != null) {
      devices.assignOwner(org, id, userId(owner));
    }
    return id;
  }

  /** Enrolls a device with a fresh key pair and CSR, as an agent does; returns its id. */
  long enroll(String token, String name) {
    return enrollment.enroll(new Enrollment.EnrollRequest(token, DeviceKeys.csr(
        DeviceKeys.newKeyPair(), name), new Enrollment.DeviceRequest(token, name, "127.0.0.1:1",
        1L << 30, "", ""))).deviceId();
  }
}
