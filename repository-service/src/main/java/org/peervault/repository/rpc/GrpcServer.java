package org.peervault.repository.rpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import org.peervault.repository.trust.CertificateAuthority;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.peervault.proto.v1.AgentTasksGrpc;
import org.peervault.proto.v1.ObjectCatalogGrpc;
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.repository.device.DefaultOrganization;

/**
 * The agents' gRPC endpoint: a plain grpc-java Netty server started with the application (after
 * keys and enrollment are ready) and stopped, gracefully, at shutdown. Handlers run on a fixed
 * pool of {@code peervault.grpc.handler-threads}.
 */
@Startup(GrpcServer.STARTUP_ORDER)
@ApplicationScoped
public class GrpcServer {
  /** Start-up order: last, once everything it serves is ready. */
  public static final int STARTUP_ORDER = DefaultOrganization.STARTUP_ORDER + 100;
  private static final Logger LOG = Logger.getLogger(GrpcServer.class);

  @Inject
  GrpcConfig config;

  @Inject
  RepositoryRpc repository;

  @Inject
  DeviceAuthInterceptor authInterceptor;

  @Inject
  UserTokenInterceptor userInterceptor;

  @Inject
  AgentTasksRpc agentTasks;

  @Inject
  ObjectCatalogRpc objectCatalog;

  @Inject
  CertificateAuthority ca;

  private Server server;
  private ExecutorService handlers;

  @PostConstruct
  void start() {
    handlers = Executors.newFixedThreadPool(config.handlerThreads(), new HandlerThreads());
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()));
    builder.sslContext(serverTls());
    server = builder
        .addService(ServerInterceptors.intercept(RepositoryGrpc.bindService(repository),
            userInterceptor, authInterceptor))
        .addService(ServerInterceptors.intercept(AgentTasksGrpc.bindService(agentTasks),
            userInterceptor, authInterceptor))
        .addService(ServerInterceptors.intercept(ObjectCatalogGrpc.bindService(objectCatalog),
            authInterceptor))
        .maxInboundMessageSize(config.maxInboundMessageBytes())
        .executor(handlers)
        // Agents keep long-lived channels; accept their keepalive pings instead of GOAWAY.
        .permitKeepAliveTime(20, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      handlers.shutdownNow();
      throw new UncheckedIOException("grpc: cannot listen on " + config.host() + ":"
          + config.port() + " (" + e.getMessage() + "); free the port or set peervault.grpc.port",
          e);
    }
    LOG.infof("grpc: listening host=%s port=%d tls=mutual maxInboundMessageBytes=%d handlerThreads=%d",
        config.host(), port(), config.maxInboundMessageBytes(), config.handlerThreads());
  }

  /**
   * TLS with this instance's certificate; client certificates are requested but checked by
   * {@link DeviceAuthInterceptor}, not by the handshake, so a bad one gets a clear status rather
   * than a failed handshake (and Enroll works without one). The handshake still proves the
   * client holds the key of the certificate it presents.
   */
  private SslContext serverTls() {
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forServer(ca.serverKey(), ca.serverChain()), SslProvider.JDK)
          .trustManager(new AcceptingClientTrustManager())
          .clientAuth(ClientAuth.OPTIONAL)
          .protocols("TLSv1.3")
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("grpc: cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int port() {
    return server.getPort();
  }

  void stop(@Observes ShutdownEvent event) {
    if (server == null || server.isShutdown()) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      handlers.shutdownNow();
    }
    LOG.info("grpc: stopped");
  }

  /** Lets every client certificate through the handshake; DeviceAuthInterceptor judges it. */
  private static final class AcceptingClientTrustManager implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("the repository is not a TLS client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static final class HandlerThreads implements ThreadFactory {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "grpc-handler-" + next.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
