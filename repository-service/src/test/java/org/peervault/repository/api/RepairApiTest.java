package org.peervault.repository.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.peervault.repository.repair.RepairLock;
import org.peervault.repository.testdb.PostgresTestResource;

/** Draining a peer and repair status through the admin API: states, clear refusals, audit. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RepairApiTest extends ApiTestSupport {

  @Inject
  RepairLock lock;

  @Test
  void aPeerIsDrainedThenRetiredAndEveryStepIsAudited() {
    long peer = device("drained", null);

    as(ADMIN).post("/api/peers/" + peer + "/drain").then().statusCode(200)
        .body("peerState", equalTo("DRAINING")).body("drainStartedAt", notNullValue());
    as(ADMIN).post("/api/peers/" + peer + "/drain").then().statusCode(409)
        .contentType("application/problem+json").body("code", equalTo("peer-draining"));
    as(ADMIN).get("/api/repair").then().statusCode(200)
        .body("drains.find { it.deviceId == " + peer + " }.peerState", equalTo("DRAINING"));

    // It holds nothing, so the next run retires it.
    as(ADMIN).post("/api/repair/runs").then().statusCode(200).body("retiredPeers", hasItem((int) peer));

    as(ADMIN).get("/api/peers/" + peer).then().statusCode(200)
        .body("peerState", equalTo("RETIRED")).body("retiredAt", notNullValue());
    as(ADMIN).post("/api/peers/" + peer + "/drain").then().statusCode(409)
        .body("code", equalTo("peer-retired"))
        .body("detail", containsString("peer " + peer + " was retired at"))
        .body("detail", containsString("nothing left to drain"));
    as(ADMIN).get("/api/audit?action=peer.drain&actor=" + ADMIN).then().statusCode(200)
        .body("items.findAll { it.target == 'id=" + peer + "' }.outcome",
            hasItems("ok", "peer-draining", "peer-retired"));
  }

  @Test
  void drainingAnUnknownOrRevokedPeerIsAClearProblem() {
    long revoked = device("revoked-drain", null);
    as(ADMIN).post("/api/devices/" + revoked + "/revoke").then().statusCode(200);

    as(ADMIN).post("/api/peers/999999999/drain").then().statusCode(404)
        .contentType("application/problem+json").body("code", equalTo("device-not-found"));
    as(ADMIN).post("/api/peers/" + revoked + "/drain").then().statusCode(409)
        .body("code", equalTo("device-revoked"));
    as(ADMIN).post("/api/peers/not-a-number/drain").then().statusCode(404);
    as(ADMIN).get("/api/peers/" + revoked).then().statusCode(200).body("peerState", equalTo("SERVING"));
  }

  @Test
  void aRunOrderedWhileAnotherRunsIsRefused() {
    lock.tryRun(() -> as(ADMIN).post("/api/repair/runs").then().statusCode(409)
        .contentType("application/problem+json").body("code", equalTo("repair-running")));
  }

  @Test
  void theRepairStatusShowsTheGracePeriodAndCounts() {
    as(ADMIN).get("/api/repair").then().statusCode(200)
        .body("graceSeconds", notNullValue()).body("unrecoverableChunks", notNullValue())
        .body("copies.pending", notNullValue()).body("deletes.done", notNullValue());
  }
}
