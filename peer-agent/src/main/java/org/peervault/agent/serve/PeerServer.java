package org.peervault.agent.serve;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.TlsContexts;

/**
 * Runs the chunk service on a socket over mutual TLS: it presents this device's certificate,
 * accepts only clients with a certificate from the repository CA, identifies them
 * ({@link CallerInterceptor}) and checks their grants ({@link GrantVerifier}). Port 0 picks a free
 * port. Close it to stop.
 */
public final class PeerServer implements AutoCloseable {
  private final Server server;

  private PeerServer(Server server) {
    this.server = server;
  }

  /** Starts serving {@code store} on {@code host:port} as {@code identity}, checking calls with {@code verifier}. */
  public static PeerServer start(String host, int port, ChunkStore store, DeviceIdentity identity,
      GrantVerifier verifier) {
    return start(host, port, NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .sslContext(TlsContexts.server(identity))
        .intercept(new CallerInterceptor(verifier))
        .addService(new PeerChunkService(store, verifier)));
  }

  private static PeerServer start(String host, int port, NettyServerBuilder builder) {
    Server server = builder.maxInboundMessageSize(PeerChannels.MAX_MESSAGE_BYTES).build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("serve: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new PeerServer(server);
  }

  /** The port actually bound. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
