package org.peervault.agent.transfer;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.peervault.proto.v1.PeerGrpc;
import org.peervault.proto.v1.PeerRef;

/**
 * One gRPC channel per peer (device id and address), opened on first use and shared by all
 * threads. Channels run mutual TLS: this device's certificate is presented and the server must hold
 * a CA-signed certificate for {@code device-<id>.peervault.internal}, so a peer is proven to be the
 * device the repository named. Close it to shut every channel down.
 */
public final class PeerChannels implements AutoCloseable {
  /** Sealed chunks are at most a few MiB; this leaves room for the largest plus framing. */
  public static final int MAX_MESSAGE_BYTES = 16 << 20;

  private record Target(long deviceId, String address) {}

  private final SslContext tls;
  private final Map<Target, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final LinkMeter linkMeter = new LinkMeter();

  /** Channels that authenticate as {@code identity}. */
  public PeerChannels(DeviceIdentity identity) {
    this.tls = TlsContexts.client(identity);
  }

  /** A stub for {@code peer} with a deadline per call. */
  public PeerGrpc.PeerBlockingStub peer(PeerRef peer, long deadlineMillis) {
    return peer(peer.getDeviceId(), peer.getAddress(), deadlineMillis);
  }

  /** A stub for device {@code deviceId} at {@code address} (host:port) with a deadline per call. */
  public PeerGrpc.PeerBlockingStub peer(long deviceId, String address, long deadlineMillis) {
    return PeerGrpc.newBlockingStub(channel(deviceId, address))
        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
        .withMaxOutboundMessageSize(MAX_MESSAGE_BYTES);
  }

  /** An asynchronous stub for {@code peer}, for the streaming calls, with a deadline per call. */
  public PeerGrpc.PeerStub asyncPeer(PeerRef peer, long deadlineMillis) {
    return PeerGrpc.newStub(channel(peer.getDeviceId(), peer.getAddress()))
        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
        .withMaxOutboundMessageSize(MAX_MESSAGE_BYTES);
  }

  private ManagedChannel channel(long deviceId, String address) {
    return channels.computeIfAbsent(new Target(deviceId, address), this::open);
  }

  /** The meter that chunk transfers over these channels record into. */
  public LinkMeter linkMeter() {
    return linkMeter;
  }

  private ManagedChannel open(Target target) {
    return NettyChannelBuilder.forTarget(target.address())
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .sslContext(tls)
        .overrideAuthority(DeviceIdentity.peerAuthority(target.deviceId()))
        .build();
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
