package org.peervault.repository.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.EnrollResponse;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.HeartbeatResponse;
import org.peervault.proto.v1.RenewCertificateRequest;
import org.peervault.repository.device.Device;
import org.peervault.repository.testdb.PostgresTestResource;
import org.peervault.repository.testdb.TestPki;
import org.peervault.repository.trust.Pki;

/** Enrollment by CSR, device certificates, and what the repository refuses at the door. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EnrollmentRpcTest extends RpcTestSupport {
  private static final HeartbeatRequest BEAT = HeartbeatRequest.getDefaultInstance();

  private static Device device(long id) {
    return QuarkusTransaction.requiringNew().call(() -> Device.findById(id));
  }

  @Test
  void enrollmentSignsADeviceCertificateUnderTheRepositoryCa() throws Exception {
    Org org = newOrganization("enroll");
    String token = enrollment.issueToken(org.id(), true, Instant.now().plusSeconds(600), "engineering");
    KeyPair key = Pki.newKeyPair();

    EnrollResponse r = anonymous().enroll(enrollment(token, key, "laptop").build());

    X509Certificate certificate = TestPki.certificate(r.getCertificate().toByteArray());
    X509Certificate ca = TestPki.certificate(r.getCaCertificate().toByteArray());
    certificate.verify(ca.getPublicKey());
    assertThat(ca).isEqualTo(authority.certificate());
    assertThat(token).endsWith("." + Pki.fingerprint(ca));
    assertThat(Pki.deviceName(certificate)).contains(new Pki.DeviceName(r.getDeviceId(), org.id()));
    assertThat(certificate.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
        .containsExactly("device-" + r.getDeviceId() + ".peervault.internal");
    assertThat(certificate.getPublicKey()).isEqualTo(key.getPublic());
    assertThat(r.getGrantPublicKey().isEmpty()).isFalse();
    assertThat(r.getDeviceGroup()).isEqualTo("engineering");
    assertThat(device(r.getDeviceId()).deviceGroup).isEqualTo("engineering");
    presenting(key, certificate).heartbeat(BEAT);
  }

  @Test
  void aWrongReusedOrExpiredTokenIsRefused() {
    Org org = newOrganization("tokens");
    Status wrong = failure(() -> anonymous().enroll(enrollment("x" + org.enrollmentToken(), Pki.newKeyPair(), "a").build()));
    assertThat(wrong.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(wrong.getDescription()).contains("enrollment: token not accepted");

    String once = enrollment.issueToken(org.id(), true, null);
    anonymous().enroll(enrollment(once, Pki.newKeyPair(), "first").build());
    assertThat(failure(() -> anonymous().enroll(enrollment(once, Pki.newKeyPair(), "second").build())).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);

    String expired = enrollment.issueToken(org.id(), false, Instant.now().minusSeconds(1));
    assertThat(failure(() -> anonymous().enroll(enrollment(expired, Pki.newKeyPair(), "late").build())).getCode())
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aBadCsrIsRefusedAndDoesNotSpendTheToken() {
    Org org = newOrganization("csr");
    String once = enrollment.issueToken(org.id(), true, null);
    Status garbage = failure(() -> anonymous().enroll(enrollment(once, Pki.newKeyPair(), "x")
        .setCsr(ByteString.copyFromUtf8("not a csr")).build()));
    assertThat(garbage.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(garbage.getDescription()).contains("CSR");

    anonymous().enroll(enrollment(once, Pki.newKeyPair(), "x").build());
  }

  @Test
  void badEnrollmentsAreInvalidArguments() {
    Org org = newOrganization("bad");
    Status noAddress = failure(() -> anonymous().enroll(
        enrollment(org.enrollmentToken(), Pki.newKeyPair(), "x").setPeerAddress("nowhere").build()));
    assertThat(noAddress.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noAddress.getDescription()).contains("is not host:port");
    assertThat(failure(() -> anonymous().enroll(enrollment(org.enrollmentToken(), Pki.newKeyPair(), " ").build()))
        .getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(failure(() -> anonymous().enroll(enrollment(org.enrollmentToken(), Pki.newKeyPair(), "y")
        .setQuotaBytes(-1).build())).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void callsWithoutACertificateOrWithAForgedOneAreUnauthenticated() {
    Org org = newOrganization("auth");
    Agent agent = org.register("auth", 100, "a", "n");

    Status none = failure(() -> anonymous().heartbeat(BEAT));
    assertThat(none.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(none.getDescription()).contains("no device certificate");

    KeyPair thief = Pki.newKeyPair();
    X509Certificate forged = TestPki.forgedDeviceCertificate(thief, agent.deviceId(), agent.organizationId());
    Status rogue = failure(() -> presenting(thief, forged).heartbeat(BEAT));
    assertThat(rogue.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(rogue.getDescription()).contains("not issued by this repository's CA");

    agent.stub().heartbeat(BEAT);
  }

  @Test
  void anExpiredCertificateIsUnauthenticated() {
    Org org = newOrganization("expired-cert");
    Agent agent = org.register("old", 100, "a", "n");
    X509Certificate expired = authority.signDevice(agent.key().getPublic(), agent.deviceId(), agent.organizationId(),
        java.time.Duration.ofMinutes(-1));

    Status status = failure(() -> presenting(agent.key(), expired).heartbeat(BEAT));

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).contains("expired");
  }

  @Test
  void aRevokedDeviceIsRefusedAndPeersAreTold() {
    Org org = newOrganization("revoke");
    Agent lost = org.register("lost-laptop", 100, "a", "n");
    Agent peer = org.register("desk", 100, "a", "n");
    lost.stub().heartbeat(BEAT);

    devices.revoke(org.id(), lost.deviceId());

    Status status = failure(() -> lost.stub().heartbeat(BEAT));
    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription()).contains("was revoked");
    HeartbeatResponse told = peer.stub().heartbeat(BEAT);
    assertThat(told.getRevokedDeviceIdsList()).containsExactly(lost.deviceId());
    Status again = failure(() -> anonymous().enroll(enrollment(org.enrollmentToken(), Pki.newKeyPair(), "lost-laptop").build()));
    assertThat(again.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void aTokenCannotTakeOverAnEnrolledDeviceByItsName() {
    Org org = newOrganization("takeover");
    Agent desk = org.register("ceo-laptop", 100, "a", "n");

    Status taken = failure(() -> anonymous().enroll(enrollment(org.enrollmentToken(), Pki.newKeyPair(), "ceo-laptop")
        .build()));

    assertThat(taken.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(taken.getDescription()).contains("already enrolled").contains("another name");
    assertThat(device(desk.deviceId()).quotaBytes).isEqualTo(100);
    desk.stub().heartbeat(BEAT);
  }

  @Test
  void renewalSignsANewKeyAndTheOldCertificateStaysValid() {
    Org org = newOrganization("renew");
    Agent agent = org.register("renewing", 100, "a", "n");
    KeyPair next = Pki.newKeyPair();

    X509Certificate renewed = TestPki.certificate(agent.stub().renewCertificate(RenewCertificateRequest.newBuilder()
        .setCsr(ByteString.copyFrom(TestPki.csr(next, "renewing"))).build()).getCertificate().toByteArray());

    assertThat(renewed.getPublicKey()).isEqualTo(next.getPublic());
    assertThat(renewed.getSubjectX500Principal()).isEqualTo(agent.certificate().getSubjectX500Principal());
    presenting(next, renewed).heartbeat(BEAT);
    agent.stub().heartbeat(BEAT);
  }

  @Test
  void heartbeatRecordsAddressQuotaUsageAndTime() {
    Org org = newOrganization("heartbeat");
    Agent agent = org.register("hb", 100, "a", "n");
    Instant before = device(agent.deviceId()).lastSeenAt;
    HeartbeatResponse r = agent.stub().heartbeat(HeartbeatRequest.newBuilder()
        .setPeerAddress("192.168.7.7:9555").setQuotaBytes(2_000_000).setUsedBytes(12_345).build());
    Device d = device(agent.deviceId());
    assertThat(d.peerAddress).isEqualTo("192.168.7.7:9555");
    assertThat(d.quotaBytes).isEqualTo(2_000_000);
    assertThat(d.usedBytes).isEqualTo(12_345);
    assertThat(d.lastSeenAt).isAfterOrEqualTo(before);
    assertThat(r.getServerTimeMillis()).isCloseTo(System.currentTimeMillis(), Offset.offset(60_000L));
    assertThat(r.getGrantPublicKey().isEmpty()).isFalse();
  }

  @Test
  void heartbeatsOnASlowLinkAreCountedAndANegativeThroughputIsRefusedChangingNothing() {
    Org org = newOrganization("slow-link");
    Agent agent = org.register("slow", 100, "a", "n");
    HeartbeatRequest fast = HeartbeatRequest.newBuilder().setQuotaBytes(100).setLinkBytesPerSecond(10 << 20).build();
    agent.stub().heartbeat(fast);
    agent.stub().heartbeat(fast.toBuilder().setLinkBytesPerSecond(0).build());
    agent.stub().heartbeat(fast.toBuilder().setLinkBytesPerSecond(20_000).build());
    Instant seen = device(agent.deviceId()).lastSeenAt;

    Status refused = failure(() -> agent.stub().heartbeat(fast.toBuilder().setLinkBytesPerSecond(-5).build()));

    assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refused.getDescription()).contains("link_bytes_per_second must be >= 0");
    assertThat(device(agent.deviceId()).lastSeenAt).isEqualTo(seen);
    Object[] beats = QuarkusTransaction.requiringNew().call(() -> (Object[]) Device.getEntityManager()
        .createNativeQuery("SELECT sum(beats), sum(slow_beats) FROM peer_hour WHERE device_id = ?1")
        .setParameter(1, agent.deviceId()).getSingleResult());
    assertThat(((Number) beats[0]).intValue()).isEqualTo(3);
    assertThat(((Number) beats[1]).intValue()).as("only the beat below 128 KiB/s is slow").isEqualTo(1);
  }
}
