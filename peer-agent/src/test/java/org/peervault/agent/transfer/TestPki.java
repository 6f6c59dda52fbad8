package org.peervault.agent.transfer;

import com.google.protobuf.ByteString;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.peervault.proto.v1.Grant;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.GrantBody;

/**
 * A throwaway PKI for tests, made the way the repository's CA makes its certificates: an EC P-256
 * CA, device certificates ({@code CN=device-<id>, O=org-<org>}, DNS {@code device-<id>.peervault.internal},
 * client and server use), repository server certificates (DNS {@code repository.peervault.internal}),
 * and Ed25519-signed grants. Public, with static entry points, so other modules' tests can use it.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private TestPki() {}

  /** A new self-signed CA. */
  public static Ca newCa(String name) {
    KeyPair keys = DeviceKeys.newKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new Ca(keys, sign(builder, keys.getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new Ed25519 key pair, as the repository's grant key. */
  public static KeyPair newGrantKeys() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A grant signed with {@code signer}. */
  public static Grant grant(PrivateKey signer, GrantAction action, List<String> chunkIds, long deviceId,
      long organizationId, Instant expiresAt) {
    GrantBody body = GrantBody.newBuilder().setVersion(1).setAction(action).addAllChunkIds(chunkIds)
        .setDeviceId(deviceId).setOrganizationId(organizationId).setExpiresAtMillis(expiresAt.toEpochMilli()).build();
    return sign(signer, body);
  }

  /** {@code body} serialized and signed with {@code signer}. */
  public static Grant sign(PrivateKey signer, GrantBody body) {
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initSign(signer);
      ed25519.update(body.toByteArray());
      return Grant.newBuilder().setBody(body.toByteString()).setSignature(ByteString.copyFrom(ed25519.sign())).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder(DeviceKeys.SIGNATURE_ALGORITHM).build(key)));
  }

  /**
   * A test CA.
   *
   * @param keys its key pair
   * @param certificate its self-signed certificate
   */
  public record Ca(KeyPair keys, X509Certificate certificate) {
    /** SHA-256 of the CA certificate, as an enrollment token carries it. */
    public byte[] fingerprint() {
      return DeviceKeys.fingerprint(certificate);
    }

    /** An identity for device {@code deviceId} of {@code organizationId}, valid for 30 days from now. */
    public DeviceIdentity device(long deviceId, long organizationId) {
      Instant now = Instant.now();
      return device(deviceId, organizationId, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)));
    }

    /** An identity for a device whose certificate is valid from {@code notBefore} to {@code notAfter}. */
    public DeviceIdentity device(long deviceId, long organizationId, Instant notBefore, Instant notAfter) {
      KeyPair pair = DeviceKeys.newKeyPair();
      X509Certificate cert = deviceCertificate(pair.getPublic(), deviceId, organizationId, notBefore, notAfter);
      return new DeviceIdentity(deviceId, organizationId, pair.getPrivate(), cert, certificate);
    }

    /** A device certificate for {@code key}. */
    public X509Certificate deviceCertificate(PublicKey key, long deviceId, long organizationId, Instant notBefore,
        Instant notAfter) {
      return issue(key, "CN=device-" + deviceId + ",O=org-" + organizationId,
          DeviceIdentity.peerAuthority(deviceId), notBefore, notAfter);
    }

    /** Signs a PKCS#10 request (DER) as the repository CA does: the subject is the CA's choice. */
    public X509Certificate certify(byte[] csr, long deviceId, long organizationId, Instant notBefore, Instant notAfter) {
      try {
        PublicKey key = new JcaPKCS10CertificationRequest(csr).getPublicKey();
        return deviceCertificate(key, deviceId, organizationId, notBefore, notAfter);
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalArgumentException("not a PKCS#10 request: " + e.getMessage(), e);
      }
    }

    /** A server context for a scripted repository: chain [server, CA], client certificates optional. */
    public SslContext repositoryServerTls() {
      return repositoryServerTls(DeviceIdentity.REPOSITORY_AUTHORITY);
    }

    /** As {@link #repositoryServerTls()}, with the server certificate naming {@code dnsName}. */
    public SslContext repositoryServerTls(String dnsName) {
      KeyPair pair = DeviceKeys.newKeyPair();
      Instant now = Instant.now();
      X509Certificate server = issue(pair.getPublic(), "CN=repository", dnsName, now.minus(Duration.ofMinutes(5)),
          now.plus(Duration.ofDays(30)));
      try {
        return GrpcSslContexts.configure(SslContextBuilder.forServer(pair.getPrivate(), server, certificate),
                SslProvider.JDK)
            .trustManager(certificate)
            .clientAuth(ClientAuth.OPTIONAL)
            .build();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    private X509Certificate issue(PublicKey key, String subject, String dnsName, Instant notBefore, Instant notAfter) {
      try {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
            certificate, serial(), Date.from(notBefore),
            Date.from(notAfter), new X500Name(subject), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
            new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        return sign(builder, keys.getPrivate());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
