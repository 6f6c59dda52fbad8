package org.peervault.agent.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.peervault.proto.v1.EnrollRequest;
import org.peervault.proto.v1.EnrollResponse;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.HeartbeatResponse;
import org.peervault.proto.v1.RepositoryGrpc;

/**
 * The agent's side of the trust contract against a scripted repository over real TLS sockets: the
 * enrollment pins the CA the token names, and enrolled calls present the device certificate.
 */
class RepositoryClientTlsTest {
  private final TestPki.Ca ca = TestPki.newCa("test repository CA");
  private final AtomicInteger enrollCalls = new AtomicInteger();
  private final CopyOnWriteArrayList<String> clientSubjects = new CopyOnWriteArrayList<>();
  private Server server;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void enrollTrustsAServerOfTheTokensCa() throws Exception {
    String address = start(ca.repositoryServerTls());
    EnrollResponse response = RepositoryClient.enroll(address, ca.fingerprint(), request());
    assertThat(response.getDeviceId()).isEqualTo(42);
    assertThat(enrollCalls).hasValue(1);
  }

  @Test
  void enrollRefusesAServerOfAnotherCaBeforeSendingAnything() throws Exception {
    String address = start(TestPki.newCa("impostor CA").repositoryServerTls());
    assertThatThrownBy(() -> RepositoryClient.enroll(address, ca.fingerprint(), request()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("fingerprint mismatch");
    assertThat(enrollCalls).hasValue(0);
  }

  @Test
  void enrollRefusesACertificateOfTheCaThatIsNotTheRepositorys() throws Exception {
    String address = start(ca.repositoryServerTls("device-3.peervault.internal"));
    assertThatThrownBy(() -> RepositoryClient.enroll(address, ca.fingerprint(), request()))
        .isInstanceOf(AuthenticationException.class);
    assertThat(enrollCalls).hasValue(0);
  }

  @Test
  void anEnrolledClientPresentsItsDeviceCertificate() throws Exception {
    String address = start(ca.repositoryServerTls());
    try (RepositoryClient client = RepositoryClient.connect(address, ca.device(5, 7))) {
      assertThat(client.heartbeat("127.0.0.1:7443", 1, 0).getServerTimeMillis()).isPositive();
    }
    assertThat(clientSubjects).singleElement().asString().contains("CN=device-5");
  }

  @Test
  void aClientRefusesARepositoryOfAnotherCa() throws Exception {
    String address = start(TestPki.newCa("impostor CA").repositoryServerTls());
    try (RepositoryClient client = RepositoryClient.connect(address, ca.device(5, 7))) {
      assertThatThrownBy(() -> client.heartbeat("127.0.0.1:7443", 1, 0))
          .isInstanceOf(RepositoryUnreachableException.class);
    }
    assertThat(clientSubjects).isEmpty();
  }

  private static EnrollRequest request() {
    KeyPair keys = DeviceKeys.newKeyPair();
    return EnrollRequest.newBuilder().setEnrollmentToken("secret").setDeviceName("laptop")
        .setCsr(ByteString.copyFrom(DeviceKeys.csr(keys, "laptop"))).build();
  }

  private String start(SslContext tls) throws Exception {
    RepositoryGrpc.RepositoryImplBase service = new RepositoryGrpc.RepositoryImplBase() {
      @Override
      public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> response) {
        enrollCalls.incrementAndGet();
        response.onNext(EnrollResponse.newBuilder().setDeviceId(42).setOrganizationId(7).build());
        response.onCompleted();
      }

      @Override
      public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
        response.onNext(HeartbeatResponse.newBuilder().setServerTimeMillis(System.currentTimeMillis()).build());
        response.onCompleted();
      }
    };
    ServerInterceptor recordClient = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        try {
          clientSubjects.add(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName());
        } catch (SSLPeerUnverifiedException e) {
          // enrollment: no client certificate
        }
        return next.startCall(call, headers);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).sslContext(tls)
        .addService(ServerInterceptors.intercept(service, recordClient)).build().start();
    return "127.0.0.1:" + server.getPort();
  }
}
