package org.peervault.repository.testdb;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.peervault.repository.trust.Pki;

/**
 * Test-side PKI for talking to the repository over mutual TLS with raw gRPC stubs: key pairs and
 * CSRs as an agent makes them, mTLS channels, and forged certificates for the refusal tests.
 */
public final class TestPki {
  private TestPki() {}

  /** A DER PKCS#10 request for {@code keys}, as {@code peer-agent enroll} makes it. */
  public static byte[] csr(KeyPair keys, String name) {
    try {
      return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name), keys.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
          .getEncoded();
    } catch (OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static X509Certificate certificate(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS channel to the repository trusting {@code ca}, presenting {@code key}/{@code chain} when given. */
  public static ManagedChannel channel(int port, X509Certificate ca, KeyPair key, X509Certificate... chain) {
    try {
      SslContextBuilder tls = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK).trustManager(ca);
      if (key != null) {
        tls.keyManager(key.getPrivate(), chain);
      }
      return NettyChannelBuilder.forAddress("127.0.0.1", port)
          .sslContext(tls.build())
          .overrideAuthority(Pki.REPOSITORY_NAME)
          .maxInboundMessageSize(16 << 20)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An enrollment of {@code device} with a fresh key pair's CSR, for tests that only need a device row. */
  public static org.peervault.repository.device.Enrollment.EnrollRequest withCsr(
      org.peervault.repository.device.Enrollment.DeviceRequest device) {
    return new org.peervault.repository.device.Enrollment.EnrollRequest(device.enrollmentToken(),
        csr(Pki.newKeyPair(), "device"), device);
  }

  /** A certificate naming {@code device-<id>} of {@code org} but signed by a CA of the attacker's own. */
  public static X509Certificate forgedDeviceCertificate(KeyPair deviceKey, long deviceId, long organizationId) {
    KeyPair rogue = Pki.newKeyPair();
    X509Certificate rogueCa = Pki.selfSignedCa(rogue, "PeerVault CA", Duration.ofDays(1));
    return Pki.issue(rogueCa, rogue.getPrivate(), deviceKey.getPublic(), Pki.deviceSubject(deviceId, organizationId),
        List.of(Pki.deviceDnsName(deviceId)), Duration.ofDays(1));
  }
}
