package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.ListSnapshotsRequest;
import org.peervault.proto.v1.RegisterDeviceRequest;
import org.peervault.proto.v1.RegisterDeviceResponse;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.DeviceAuthenticator;
import org.peervault.repository.testdb.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EnrollmentRpcTest extends RpcTestSupport {

  @ConfigProperty(name = "peervault.enrollment.bootstrap-token")
  String bootstrapToken;

  @Inject
  DeviceAuthenticator authenticator;

  private static RegisterDeviceRequest.Builder registration(String token, String name) {
    return RegisterDeviceRequest.newBuilder().setEnrollmentToken(token).setDeviceName(name)
        .setPeerAddress("127.0.0.1:9444").setQuotaBytes(1 << 30).setSite("hq").setSubnet("lan");
  }

  private static Device device(long id) {
    return QuarkusTransaction.requiringNew().call(() -> Device.findById(id));
  }

  @Test
  void bootstrapTokenRegistersThreeDevicesInTheDefaultOrganization() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    long org = -1;
    long previousId = -1;
    for (int i = 1; i <= 3; i++) {
      RegisterDeviceResponse r = anonymous().registerDevice(registration(bootstrapToken,
          "laptop-" + i + "-" + suffix).build());
      assertThat(r.getDeviceId()).isPositive().isNotEqualTo(previousId);
      assertThat(r.getDeviceToken()).startsWith(r.getDeviceId() + ".");
      if (org == -1) {
        org = r.getOrganizationId();
      }
      assertThat(r.getOrganizationId()).isEqualTo(org);
      previousId = r.getDeviceId();
      Agent agent = new Agent(r.getDeviceId(), r.getOrganizationId(), r.getDeviceToken());
      assertThat(agent.stub().listSnapshots(ListSnapshotsRequest.getDefaultInstance())
          .getSnapshotsCount()).isZero();
    }
  }

  @Test
  void wrongEnrollmentTokenIsRefused() {
    Status status = failure(() -> anonymous().registerDevice(registration(
        bootstrapToken + "x", "intruder").build()));
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).contains("enrollment: token not accepted");
  }

  @Test
  void singleUseTokenWorksOnce() {
    Org org = newOrganization("single");
    String token = enrollment.issueToken(org.id(), true, null);
    anonymous().registerDevice(registration(token, "first").build());
    assertThat(failure(() -> anonymous().registerDevice(registration(token, "second").build()))
        .getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void expiredTokenIsRefused() {
    Org org = newOrganization("expired");
    String token = enrollment.issueToken(org.id(), false, Instant.now().minusSeconds(1));
    assertThat(failure(() -> anonymous().registerDevice(registration(token, "late").build()))
        .getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void badRegistrationsAreInvalidArguments() {
    Org org = newOrganization("bad");
    Status noAddress = failure(() -> anonymous().registerDevice(
        registration(org.enrollmentToken(), "x").setPeerAddress("nowhere").build()));
    assertThat(noAddress.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noAddress.getDescription()).contains("is not host:port");
    Status noName = failure(() -> anonymous().registerDevice(
        registration(org.enrollmentToken(), " ").build()));
    assertThat(noName.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    Status negativeQuota = failure(() -> anonymous().registerDevice(
        registration(org.enrollmentToken(), "y").setQuotaBytes(-1).build()));
    assertThat(negativeQuota.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void reRegisteringANameReplacesTheDeviceAndRetiresItsOldToken() {
    Org org = newOrganization("rereg");
    Agent first = org.register("desk", 100, "a", "n");
    first.stub().heartbeat(HeartbeatRequest.newBuilder().setQuotaBytes(100).build());
    RegisterDeviceResponse again = anonymous().registerDevice(registration(
        org.enrollmentToken(), "desk").setPeerAddress("10.1.1.1:7000").setQuotaBytes(500)
        .build());
    assertThat(again.getDeviceId()).isEqualTo(first.deviceId());
    assertThat(again.getDeviceToken()).isNotEqualTo(first.token());
    assertThat(device(first.deviceId()).peerAddress).isEqualTo("10.1.1.1:7000");
    assertThat(device(first.deviceId()).quotaBytes).isEqualTo(500);
    assertThat(failure(() -> first.stub().heartbeat(HeartbeatRequest.getDefaultInstance()))
        .getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    new Agent(again.getDeviceId(), again.getOrganizationId(), again.getDeviceToken()).stub()
        .heartbeat(HeartbeatRequest.getDefaultInstance());
  }

  @Test
  void heartbeatRecordsAddressQuotaUsageAndTime() {
    Org org = newOrganization("heartbeat");
    Agent agent = org.register("hb", 100, "a", "n");
    Instant before = device(agent.deviceId()).lastSeenAt;
    long serverTime = agent.stub().heartbeat(HeartbeatRequest.newBuilder()
        .setPeerAddress("192.168.7.7:9555").setQuotaBytes(2_000_000).setUsedBytes(12_345)
        .build()).getServerTimeMillis();
    Device d = device(agent.deviceId());
    assertThat(d.peerAddress).isEqualTo("192.168.7.7:9555");
    assertThat(d.quotaBytes).isEqualTo(2_000_000);
    assertThat(d.usedBytes).isEqualTo(12_345);
    assertThat(d.lastSeenAt).isAfterOrEqualTo(before);
    assertThat(serverTime).isCloseTo(System.currentTimeMillis(),
        Offset.offset(60_000L));
    agent.stub().heartbeat(HeartbeatRequest.newBuilder().setQuotaBytes(5).build());
    assertThat(device(agent.deviceId()).peerAddress).isEqualTo("192.168.7.7:9555");
  }

  @Test
  void callsWithoutOrWithABadTokenAreUnauthenticated() {
    Org org = newOrganization("auth");
    Agent agent = org.register("auth", 100, "a", "n");
    HeartbeatRequest hb = HeartbeatRequest.getDefaultInstance();
    Status none = failure(() -> anonymous().heartbeat(hb));
    assertThat(none.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(none.getDescription()).contains("authorization: Bearer <device token>");
    String forged = agent.deviceId() + "." + "A".repeat(43);
    for (String header : new String[] {"Bearer " + forged, "Bearer nonsense", "Basic abc",
        "Bearer " + agent.token() + "x", agent.token()}) {
      Status status = failure(() -> withAuthorization(header).heartbeat(hb));
      assertThat(status.getCode()).as(header).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(status.getDescription()).doesNotContain(agent.token());
    }
    agent.stub().heartbeat(hb);
  }

  @Test
  void revokedDeviceIsUnauthenticated() {
    Org org = newOrganization("revoke");
    Agent agent = org.register("lost-laptop", 100, "a", "n");
    agent.stub().heartbeat(HeartbeatRequest.getDefaultInstance());
    QuarkusTransaction.requiringNew().run(() -> {
      Device d = Device.findById(agent.deviceId());
      d.status = Device.Status.REVOKED;
    });
    authenticator.forget(agent.deviceId());
    assertThat(failure(() -> agent.stub().heartbeat(HeartbeatRequest.getDefaultInstance()))
        .getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    Status again = failure(() -> anonymous().registerDevice(registration(org.enrollmentToken(),
        "lost-laptop").build()));
    assertThat(again.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }
}
