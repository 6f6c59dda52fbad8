package org.peervault.agent.transfer;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.peervault.proto.v1.PeerGrpc;

/**
 * One gRPC channel per peer address, opened on first use and shared by all threads. Close it to
 * shut every channel down.
 */
public final class PeerChannels implements AutoCloseable {
  /** Sealed chunks are at most a few MiB; this leaves room for the largest plus framing. */
  public static final int MAX_MESSAGE_BYTES = 16 << 20;

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** A stub for the peer at {@code address} (host:port) with a deadline per call. */
  public PeerGrpc.PeerBlockingStub peer(String address, long deadlineMillis) {
    ManagedChannel channel = channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a)
        .usePlaintext()
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .build());
    return PeerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
        .withMaxOutboundMessageSize(MAX_MESSAGE_BYTES);
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
