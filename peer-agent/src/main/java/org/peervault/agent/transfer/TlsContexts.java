package org.peervault.agent.transfer;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS settings of every PeerVault connection ({@link #PROVIDER}, TLS 1.2/1.3 as gRPC allows): mutual
 * TLS that presents this device's current certificate and trusts only the repository CA; servers
 * require a client certificate. Hostnames are checked against the authority a channel overrides
 * ({@link DeviceIdentity#REPOSITORY_AUTHORITY}, {@link DeviceIdentity#peerAuthority}).
 */
public final class TlsContexts {
  private static final String ALIAS = "device";
  /**
   * BoringSSL (shipped inside grpc-netty-shaded) where it loads, else the JDK's TLS. The JDK 17
   * AES-GCM of TLS records runs at tens of MB/s until the JIT has compiled it, which a backup
   * spends most of its run waiting for; BoringSSL is fast from the first record.
   */
  static final SslProvider PROVIDER = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

  private TlsContexts() {}

  /** Client side, to the repository or a peer: presents the device certificate, trusts the CA. */
  public static SslContext client(DeviceIdentity identity) {
    return build(SslContextBuilder.forClient().keyManager(keyManager(identity)).trustManager(identity.caCertificate()));
  }

  /** Server side, for the peer service: presents the device certificate, requires a CA-signed client. */
  public static SslContext server(DeviceIdentity identity) {
    return build(SslContextBuilder.forServer(keyManager(identity))
        .trustManager(identity.caCertificate())
        .clientAuth(ClientAuth.REQUIRE));
  }

  /** Client side while enrolling: no client certificate, the server checked by {@code trust}. */
  static SslContext enrollment(X509TrustManager trust) {
    return build(SslContextBuilder.forClient().trustManager(trust));
  }

  private static SslContext build(SslContextBuilder builder) {
    try {
      return GrpcSslContexts.configure(builder, PROVIDER).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** A key manager that hands out the identity's credential current at each handshake. */
  static X509ExtendedKeyManager keyManager(DeviceIdentity identity) {
    return new X509ExtendedKeyManager() {
      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
      }

      @Override
      public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return ALIAS;
      }

      @Override
      public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return "EC".equals(keyType) ? ALIAS : null;
      }

      @Override
      public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return "EC".equals(keyType) ? ALIAS : null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return new X509Certificate[] {identity.certificate()};
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return identity.credential().key();
      }
    };
  }
}
