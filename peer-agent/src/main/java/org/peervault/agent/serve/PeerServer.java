package org.peervault.agent.serve;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.transfer.PeerChannels;

/** Runs the chunk service on a socket; port 0 picks a free port. Close it to stop. */
public final class PeerServer implements AutoCloseable {
  private final Server server;

  private PeerServer(Server server) {
    this.server = server;
  }

  /** Starts serving {@code store} on {@code host:port}. */
  public static PeerServer start(String host, int port, ChunkStore store) {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(new PeerChunkService(store))
        .maxInboundMessageSize(PeerChannels.MAX_MESSAGE_BYTES)
        .build();
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
