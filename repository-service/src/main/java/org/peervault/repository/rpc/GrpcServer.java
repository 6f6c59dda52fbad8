package org.peervault.repository.rpc;

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
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.repository.device.BootstrapEnrollment;

/**
 * The agents' gRPC endpoint: a plain grpc-java Netty server started with the application (after
 * keys and enrollment are ready) and stopped, gracefully, at shutdown. Handlers run on a fixed
 * pool of {@code peervault.grpc.handler-threads}.
 */
@Startup(GrpcServer.STARTUP_ORDER)
@ApplicationScoped
public class GrpcServer {
  /** Start-up order: last, once everything it serves is ready. */
  public static final int STARTUP_ORDER = BootstrapEnrollment.STARTUP_ORDER + 100;
  private static final Logger LOG = Logger.getLogger(GrpcServer.class);

  @Inject
  GrpcConfig config;

  @Inject
  RepositoryRpc repository;

  @Inject
  DeviceAuthInterceptor authInterceptor;

  private Server server;
  private ExecutorService handlers;

  @PostConstruct
  void start() {
    handlers = Executors.newFixedThreadPool(config.handlerThreads(), new HandlerThreads());
    server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
        .addService(ServerInterceptors.intercept(RepositoryGrpc.bindService(repository),
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
    LOG.infof("grpc: listening host=%s port=%d maxInboundMessageBytes=%d handlerThreads=%d",
        config.host(), port(), config.maxInboundMessageBytes(), config.handlerThreads());
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
