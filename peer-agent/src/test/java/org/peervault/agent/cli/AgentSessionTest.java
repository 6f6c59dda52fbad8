package org.peervault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.IdentityFiles;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.TestPki;
import org.peervault.proto.v1.RenewCertificateRequest;
import org.peervault.proto.v1.RenewCertificateResponse;
import org.peervault.proto.v1.RepositoryGrpc;

/** A session renews the device certificate when due, against a scripted repository over mutual TLS. */
class AgentSessionTest {
  private static final long DEVICE = 5;
  private static final long ORG = 7;
  private final TestPki.Ca ca = TestPki.newCa("test repository CA");
  private final AtomicInteger renewals = new AtomicInteger();
  private Server repository;

  @AfterEach
  void stop() throws InterruptedException {
    if (repository != null) {
      repository.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCertificateWithLessThanAThirdOfItsValidityLeftIsRenewedAndSaved(@TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    DeviceIdentity old = enrolled(dir, now.minus(Duration.ofDays(25)), now.plus(Duration.ofDays(5)));

    try (AgentSession session = AgentSession.open(AgentState.load(dir))) {
      assertThat(renewals).hasValue(1);
      X509Certificate renewed = session.identity().certificate();
      assertThat(renewed).isNotEqualTo(old.certificate());
      assertThat(session.identity().needsRenewal(now)).isFalse();
      assertThat(IdentityFiles.load(dir).certificate()).isEqualTo(renewed);
      assertThat(IdentityFiles.load(dir).key()).isEqualTo(session.identity().credential().key());
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(IdentityFiles.KEY))))
        .isEqualTo("rw-------");
  }

  @Test
  void aFreshCertificateIsKept(@TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    DeviceIdentity current = enrolled(dir, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(29)));

    try (AgentSession session = AgentSession.open(AgentState.load(dir))) {
      assertThat(session.identity().certificate()).isEqualTo(current.certificate());
    }
    assertThat(renewals).hasValue(0);
  }

  @Test
  void anExpiredCertificateAsksToEnrollAgain(@TempDir Path dir) throws Exception {
    Instant now = Instant.now();
    enrolled(dir, now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1)));

    assertThatThrownBy(() -> AgentSession.open(AgentState.load(dir)))
        .isInstanceOf(AgentState.NotRegisteredException.class)
        .hasMessageContaining("the device certificate expired")
        .hasMessageContaining("peer-agent enroll --server");
    assertThat(renewals).hasValue(0);
  }

  /** Saves an enrolled state whose certificate runs from {@code from} to {@code until}; starts the repository. */
  private DeviceIdentity enrolled(Path dir, Instant from, Instant until) throws Exception {
    startRepository();
    DeviceIdentity identity = ca.device(DEVICE, ORG, from, until);
    IdentityFiles.save(dir, new IdentityFiles.Stored(identity.credential().key(), identity.certificate(),
        ca.certificate(), TestPki.newGrantKeys().getPublic()));
    new AgentState(dir, "127.0.0.1:" + repository.getPort(), DEVICE, ORG, "laptop", "", "127.0.0.1:7443", 1 << 20,
        dir.resolve("store")).save();
    return identity;
  }

  private void startRepository() throws Exception {
    repository = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(ca.repositoryServerTls())
        .addService(new RepositoryGrpc.RepositoryImplBase() {
          @Override
          public void renewCertificate(RenewCertificateRequest request,
              StreamObserver<RenewCertificateResponse> response) {
            renewals.incrementAndGet();
            Instant now = Instant.now();
            X509Certificate renewed = ca.certify(request.getCsr().toByteArray(), DEVICE, ORG,
                now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)));
            try {
              response.onNext(RenewCertificateResponse.newBuilder()
                  .setCertificate(ByteString.copyFrom(renewed.getEncoded()))
                  .setCaCertificate(ByteString.copyFrom(ca.certificate().getEncoded())).build());
              response.onCompleted();
            } catch (CertificateEncodingException e) {
              response.onError(e);
            }
          }
        })
        .build()
        .start();
  }
}
