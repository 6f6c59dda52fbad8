package org.peervault.agent.transfer;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.peervault.proto.v1.AddFilesRequest;
import org.peervault.proto.v1.BeginSnapshotRequest;
import org.peervault.proto.v1.BeginSnapshotResponse;
import org.peervault.proto.v1.ChunkKey;
import org.peervault.proto.v1.CommitSnapshotRequest;
import org.peervault.proto.v1.ConfirmReplicasRequest;
import org.peervault.proto.v1.ConfirmedChunk;
import org.peervault.proto.v1.FileVersion;
import org.peervault.proto.v1.GetPolicyRequest;
import org.peervault.proto.v1.EnrollRequest;
import org.peervault.proto.v1.EnrollResponse;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.HeartbeatResponse;
import org.peervault.proto.v1.ListSnapshotsRequest;
import org.peervault.proto.v1.LookupChunksRequest;
import org.peervault.proto.v1.PlaceChunksRequest;
import org.peervault.proto.v1.PlaceChunksResponse;
import org.peervault.proto.v1.PlanRestoreRequest;
import org.peervault.proto.v1.Policy;
import org.peervault.proto.v1.RenewCertificateRequest;
import org.peervault.proto.v1.RenewCertificateResponse;
import org.peervault.proto.v1.ReportTasksRequest;
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.proto.v1.TaskResult;
import org.peervault.proto.v1.RestoreBatch;
import org.peervault.proto.v1.Snapshot;
import org.peervault.proto.v1.SnapshotStats;
import com.google.protobuf.ByteString;
import org.peervault.proto.v1.ChunkToPlace;

/**
 * The agent's view of the repository service: one mutual-TLS channel presenting the device
 * certificate, a deadline on every call, and gRPC failures turned into {@link RepositoryException}s that say
 * which operation failed. Thread-safe; close it when done.
 */
public final class RepositoryClient implements AutoCloseable {
  /** The repository refuses larger lookups; batches are cut to this size. */
  public static final int MAX_LOOKUP = 4096;
  private static final int MAX_INBOUND_BYTES = 64 << 20;
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(60);

  private final String address;
  private final ManagedChannel channel;
  private final RepositoryGrpc.RepositoryBlockingStub stub;
  private final Channel calls;

  private RepositoryClient(String address, ManagedChannel channel, ClientInterceptor... interceptors) {
    this.address = address;
    this.channel = channel;
    this.calls = ClientInterceptors.intercept(channel, interceptors);
    this.stub = RepositoryGrpc.newBlockingStub(calls);
  }

  /**
   * A stub of another repository service (e.g. AgentTasks) on this client's channel, with the
   * same interceptors.
   */
  public <S extends AbstractStub<S>> S stub(Function<Channel, S> newStub) {
    return newStub.apply(calls);
  }

  /**
   * A client for an enrolled device over mutual TLS: presents the device certificate, trusts only
   * the repository CA and checks that the server is {@link DeviceIdentity#REPOSITORY_AUTHORITY},
   * whatever {@code address} (host:port) it is reached at.
   */
  public static RepositoryClient connect(String address, DeviceIdentity identity,
      ClientInterceptor... interceptors) {
    return new RepositoryClient(address, NettyChannelBuilder.forTarget(address)
        .sslContext(TlsContexts.client(identity))
        .overrideAuthority(DeviceIdentity.REPOSITORY_AUTHORITY)
        .maxInboundMessageSize(MAX_INBOUND_BYTES)
        .build(), interceptors);
  }

  /**
   * Enrolls this machine: the one call without a client certificate. The server is trusted only if
   * its chain leads to the CA whose SHA-256 is {@code caFingerprint} (from the enrollment token);
   * otherwise nothing is sent and an {@link AuthenticationException} says so.
   */
  public static EnrollResponse enroll(String address, byte[] caFingerprint, EnrollRequest request) {
    PinnedCaTrustManager trust = new PinnedCaTrustManager(caFingerprint);
    ManagedChannel channel = NettyChannelBuilder.forTarget(address)
        .sslContext(TlsContexts.enrollment(trust))
        .overrideAuthority(DeviceIdentity.REPOSITORY_AUTHORITY)
        .build();
    try (RepositoryClient anonymous = new RepositoryClient(address, channel)) {
      return anonymous.call("enroll", () -> anonymous.stub().enroll(request));
    } catch (RepositoryUnreachableException e) {
      if (trust.refusal() != null) {
        throw new AuthenticationException("enroll", "refusing the server at " + address + ": " + trust.refusal(), e);
      }
      throw e;
    }
  }

  /** Asks the repository CA to certify a new key pair ({@code csr}: PKCS#10 DER) for this device. */
  public RenewCertificateResponse renew(byte[] csr) {
    return call("renew certificate", () -> stub().renewCertificate(
        RenewCertificateRequest.newBuilder().setCsr(ByteString.copyFrom(csr)).build()));
  }

  public String address() {
    return address;
  }

  /** Reports liveness with no link measurement; see {@link #heartbeat(String, long, long, long)}. */
  public HeartbeatResponse heartbeat(String peerAddress, long quotaBytes, long usedBytes) {
    return heartbeat(peerAddress, quotaBytes, usedBytes, 0);
  }

  /**
   * Reports liveness, quota use and the link throughput measured since the previous heartbeat
   * (0: none); the answer carries the revoked devices and the current grant key.
   */
  public HeartbeatResponse heartbeat(String peerAddress, long quotaBytes, long usedBytes,
      long linkBytesPerSecond) {
    int offsetMinutes = java.time.ZoneId.systemDefault().getRules().getOffset(java.time.Instant.now())
        .getTotalSeconds() / 60;
    return call("heartbeat", () -> stub().heartbeat(HeartbeatRequest.newBuilder()
        .setPeerAddress(peerAddress).setQuotaBytes(quotaBytes).setUsedBytes(usedBytes)
        .setUtcOffsetMinutes(offsetMinutes).setLinkBytesPerSecond(linkBytesPerSecond).build()));
  }

  /** Keys (and ids, for stored chunks) of the given plaintext hashes, in order; any count. */
  public List<ChunkKey> lookup(List<byte[]> plainHashes) {
    List<ChunkKey> keys = new ArrayList<>(plainHashes.size());
    for (int from = 0; from < plainHashes.size(); from += MAX_LOOKUP) {
      LookupChunksRequest.Builder request = LookupChunksRequest.newBuilder();
      for (byte[] hash : plainHashes.subList(from, Math.min(plainHashes.size(), from + MAX_LOOKUP))) {
        request.addPlainHashes(ByteString.copyFrom(hash));
      }
      keys.addAll(call("lookup chunks", () -> stub().lookupChunks(request.build())).getKeysList());
    }
    return keys;
  }

  /** Placements of {@code chunks}, with one STORE grant per proposed peer. */
  public PlaceChunksResponse place(Collection<ChunkToPlace> chunks, Collection<Long> excludeDeviceIds) {
    return call("place chunks", () -> stub().placeChunks(PlaceChunksRequest.newBuilder()
        .addAllChunks(chunks).addAllExcludeDeviceIds(excludeDeviceIds).build()));
  }

  public void confirm(Collection<ConfirmedChunk> chunks) {
    if (!chunks.isEmpty()) {
      call("confirm replicas",
          () -> stub().confirmReplicas(ConfirmReplicasRequest.newBuilder().addAllChunks(chunks).build()));
    }
  }

  public BeginSnapshotResponse beginSnapshot(String host, List<String> roots) {
    return call("begin snapshot", () -> stub().beginSnapshot(
        BeginSnapshotRequest.newBuilder().setHost(host).addAllRoots(roots).build()));
  }

  public void addFiles(long snapshotId, List<FileVersion> files) {
    call("add files", () -> stub().addFiles(
        AddFilesRequest.newBuilder().setSnapshotId(snapshotId).addAllFiles(files).build()));
  }

  public Snapshot commitSnapshot(long snapshotId, SnapshotStats stats) {
    return call("commit snapshot", () -> stub().commitSnapshot(
        CommitSnapshotRequest.newBuilder().setSnapshotId(snapshotId).setStats(stats).build()))
        .getSnapshot();
  }

  /** Committed snapshots of a device (0 = this one), newest first. */
  public List<Snapshot> listSnapshots(long deviceId) {
    return call("list snapshots", () -> stub().listSnapshots(
        ListSnapshotsRequest.newBuilder().setDeviceId(deviceId).build())).getSnapshotsList();
  }

  /** Streams a restore plan batch by batch to {@code sink}. */
  public void planRestore(PlanRestoreRequest request, Consumer<RestoreBatch> sink) {
    call("plan restore", () -> {
      Iterator<RestoreBatch> batches = stub().planRestore(request);
      batches.forEachRemaining(sink);
      return null;
    });
  }

  /** The backup policy that applies to this device (built-in defaults when none is stored). */
  public Policy policy() {
    return call("get policy", () -> stub().getPolicy(GetPolicyRequest.getDefaultInstance())).getPolicy();
  }

  /** Reports the results of peer tasks; returns how many the repository recorded anew. */
  public int reportTasks(Collection<TaskResult> results) {
    return call("report tasks", () -> stub().reportTasks(
        ReportTasksRequest.newBuilder().addAllResults(results).build())).getRecorded();
  }

  private RepositoryGrpc.RepositoryBlockingStub stub() {
    return stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      String message = status.getDescription() == null ? status.getCode().name() : status.getDescription();
      switch (status.getCode()) {
        case UNAVAILABLE, DEADLINE_EXCEEDED -> throw new RepositoryUnreachableException(operation, address, e);
        case UNAUTHENTICATED, PERMISSION_DENIED -> throw new AuthenticationException(operation, message, e);
        default -> throw new RepositoryException(operation, status.getCode().name(), message, e);
      }
    }
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
