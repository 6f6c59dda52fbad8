package org.peervault.repository.api;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.peervault.repository.testdb.PostgresTestResource;

/**
 * The demo profile's local admin exists only there: outside it no basic-auth user is defined, so
 * no password (not even an empty one) opens the admin API.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class LocalAdminTest {
  @Test
  void basicAuthenticationOpensNothingOutsideTheDemoProfile() {
    for (String password : new String[] {"", "admin", "password"}) {
      given().auth().preemptive().basic("admin", password)
          .get("/api/enrollment-tokens").then().statusCode(401);
    }
    given().get("/api/enrollment-tokens").then().statusCode(401);
  }
}
