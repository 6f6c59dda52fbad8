package org.peervault.repository.rpc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the agents' gRPC endpoint. */
@ConfigMapping(prefix = "peervault.grpc")
public interface GrpcConfig {

  /** Address to listen on; 0.0.0.0 for all interfaces. */
  @WithDefault("0.0.0.0")
  String host();

  /** Port to listen on; 0 picks a free port (tests), see {@link GrpcServer#port()}. */
  @WithDefault("9443")
  int port();

  /** Largest request message accepted, in bytes. */
  @WithDefault("16777216")
  int maxInboundMessageBytes();

  /** Threads that run handlers (each may hold a database connection while it works). */
  @WithDefault("16")
  int handlerThreads();

  /** How long shutdown waits for calls in flight before cancelling them. */
  @WithDefault("5s")
  Duration shutdownGrace();
}
