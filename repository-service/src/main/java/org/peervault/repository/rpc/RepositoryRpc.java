package org.peervault.repository.rpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peervault.proto.v1.AddFilesRequest;
import org.peervault.proto.v1.AddFilesResponse;
import org.peervault.proto.v1.BeginSnapshotRequest;
import org.peervault.proto.v1.BeginSnapshotResponse;
import org.peervault.proto.v1.CommitSnapshotRequest;
import org.peervault.proto.v1.CommitSnapshotResponse;
import org.peervault.proto.v1.ConfirmReplicasRequest;
import org.peervault.proto.v1.ConfirmReplicasResponse;
import org.peervault.proto.v1.GetPolicyRequest;
import org.peervault.proto.v1.GetPolicyResponse;
import org.peervault.proto.v1.EnrollRequest;
import org.peervault.proto.v1.EnrollResponse;
import org.peervault.proto.v1.GrantAction;
import org.peervault.proto.v1.PeerGrant;
import org.peervault.proto.v1.HeartbeatRequest;
import org.peervault.proto.v1.RenewCertificateRequest;
import org.peervault.proto.v1.RenewCertificateResponse;
import org.peervault.proto.v1.HeartbeatResponse;
import org.peervault.proto.v1.ListSnapshotsRequest;
import org.peervault.proto.v1.ListSnapshotsResponse;
import org.peervault.proto.v1.LookupChunksRequest;
import org.peervault.proto.v1.LookupChunksResponse;
import org.peervault.proto.v1.PlaceChunksRequest;
import org.peervault.proto.v1.PlaceChunksResponse;
import org.peervault.proto.v1.PlanRestoreRequest;
import org.peervault.proto.v1.ReportTasksRequest;
import org.peervault.proto.v1.ReportTasksResponse;
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.proto.v1.RestoreBatch;
import org.peervault.repository.catalog.AuditChallenge;
import org.peervault.repository.catalog.Chunks;
import org.peervault.repository.catalog.Snapshots;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Devices;
import org.peervault.repository.device.Enrollment;
import org.peervault.repository.placement.ChunkPlacement;
import org.peervault.repository.placement.PlacementService;
import org.peervault.repository.repair.PeerTasks;
import org.peervault.repository.restore.RestorePlan;
import org.peervault.repository.policy.Policies;
import org.peervault.repository.trust.CertificateAuthority;
import org.peervault.repository.trust.GrantSigner;
import org.peervault.repository.restore.RestorePlanner;

/**
 * The {@code peervault.v1.Repository} service: each method translates its request, calls one
 * domain service through {@link RpcInvoker}, and translates the answer. No rules live here.
 */
@Singleton
public class RepositoryRpc implements RepositoryGrpc.AsyncService {

  @Inject
  RpcInvoker invoker;

  @Inject
  StatusMapper statusMapper;

  @Inject
  Enrollment enrollment;

  @Inject
  Devices devices;

  @Inject
  Chunks chunks;

  @Inject
  PlacementService placement;

  @Inject
  Snapshots snapshots;

  @Inject
  RestorePlanner restorePlanner;

  @Inject
  Policies policies;

  @Inject
  GrantSigner grants;

  @Inject
  org.peervault.repository.placement.Availability availability;

  @Inject
  CertificateAuthority ca;

  @Inject
  PeerTasks peerTasks;

  @Override
  public void enroll(EnrollRequest request, StreamObserver<EnrollResponse> observer) {
    invoker.unary("Enroll", observer, () -> {
      Enrollment.Enrolled enrolled = enrollment.enroll(new Enrollment.EnrollRequest(request.getEnrollmentToken(),
          request.getCsr().toByteArray(), new Enrollment.DeviceRequest(request.getEnrollmentToken(),
              request.getDeviceName(), request.getPeerAddress(), request.getQuotaBytes(), request.getSite(),
              request.getSubnet())));
      return EnrollResponse.newBuilder()
          .setDeviceId(enrolled.deviceId())
          .setOrganizationId(enrolled.organizationId())
          .setCertificate(MessageMapper.der(enrolled.certificate()))
          .setCaCertificate(MessageMapper.der(ca.certificate()))
          .setGrantPublicKey(ByteString.copyFrom(grants.publicKey()))
          .setDeviceGroup(enrolled.deviceGroup() == null ? "" : enrolled.deviceGroup())
          .build();
    });
  }

  @Override
  public void renewCertificate(RenewCertificateRequest request,
      StreamObserver<RenewCertificateResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("RenewCertificate", observer, () -> RenewCertificateResponse.newBuilder()
        .setCertificate(MessageMapper.der(enrollment.renew(caller, request.getCsr().toByteArray())))
        .setCaCertificate(MessageMapper.der(ca.certificate()))
        .build());
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("Heartbeat", observer, () -> HeartbeatResponse.newBuilder()
        .setServerTimeMillis(heard(caller, request).toEpochMilli())
        .addAllRevokedDeviceIds(devices.revokedIds(caller.organizationId()))
        .setGrantPublicKey(ByteString.copyFrom(grants.publicKey()))
        .addAllTasks(peerTasks.lease(caller).stream().map(t -> TaskMapper.toProto(t,
            issued -> grants.sign(GrantAction.GRANT_ACTION_FETCH, List.of(issued.task().chunkId()),
                caller.deviceId(), caller.organizationId(),
                issued.sources().stream().map(PeerTasks.Source::deviceId).toList()))).toList())
        .build());
  }

  @Override
  public void reportTasks(ReportTasksRequest request,
      StreamObserver<ReportTasksResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("ReportTasks", observer, () -> ReportTasksResponse.newBuilder()
        .setRecorded(peerTasks.report(caller, TaskMapper.toReports(request.getResultsList())))
        .build());
  }

  /** Records the heartbeat on the device and as an availability sample; returns the server time. */
  private java.time.Instant heard(Caller caller, HeartbeatRequest request) {
    org.peervault.repository.placement.Availability.checkLinkBytesPerSecond(request.getLinkBytesPerSecond());
    java.time.Instant now = devices.heartbeat(caller, request.getPeerAddress(), request.getQuotaBytes(),
        request.getUsedBytes());
    availability.heard(caller.deviceId(), request.getUtcOffsetMinutes(),
        request.getLinkBytesPerSecond(), now);
    return now;
  }

  @Override
  public void lookupChunks(LookupChunksRequest request,
      StreamObserver<LookupChunksResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("LookupChunks", observer, () -> {
      List<byte[]> hashes = request.getPlainHashesList().stream().map(ByteString::toByteArray)
          .toList();
      LookupChunksResponse.Builder b = LookupChunksResponse.newBuilder();
      chunks.lookup(caller, hashes).forEach(a -> b.addKeys(MessageMapper.toProto(a)));
      return b.build();
    });
  }

  @Override
  public void placeChunks(PlaceChunksRequest request,
      StreamObserver<PlaceChunksResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("PlaceChunks", observer, () -> {
      List<PlacementService.ChunkToPlace> wanted = request.getChunksList().stream()
          .map(c -> new PlacementService.ChunkToPlace(c.getChunkId(), c.getStoredSizeBytes()))
          .toList();
      PlaceChunksResponse.Builder b = PlaceChunksResponse.newBuilder();
      List<ChunkPlacement> placed = placement.place(caller, wanted,
          new HashSet<>(request.getExcludeDeviceIdsList()));
      // One grant per proposed peer for all its chunks: a peer checks one signature per batch.
      Map<Long, List<String>> chunksByPeer = new LinkedHashMap<>();
      for (ChunkPlacement p : placed) {
        b.addPlacements(MessageMapper.toProto(p));
        p.peers().forEach(peer -> chunksByPeer.computeIfAbsent(peer.deviceId(), d -> new ArrayList<>())
            .add(p.chunkId()));
      }
      chunksByPeer.forEach((peer, chunkIds) -> b.addPeerGrants(PeerGrant.newBuilder().setDeviceId(peer)
          .setGrant(grants.sign(GrantAction.GRANT_ACTION_STORE, chunkIds, caller.deviceId(),
              caller.organizationId(), List.of(peer)))));
      placed.stream().min(java.util.Comparator.comparingDouble(ChunkPlacement::achievedAvailability))
          .ifPresent(worst -> b.setAchievedAvailability(worst.achievedAvailability())
              .setTargetAvailability(worst.targetAvailability()));
      return b.build();
    });
  }

  @Override
  public void confirmReplicas(ConfirmReplicasRequest request,
      StreamObserver<ConfirmReplicasResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("ConfirmReplicas", observer, () -> {
      List<Chunks.Confirmation> confirmations = request.getChunksList().stream()
          .map(c -> new Chunks.Confirmation(c.getChunkId(), c.getPlainHash().toByteArray(),
              c.getPlainSizeBytes(), c.getStoredSizeBytes(), c.getKeyVersion(),
              c.getDeviceIdsList(), c.getChallengesList().stream()
                  .map(a -> new AuditChallenge(a.getNonce().toByteArray(),
                      a.getDigest().toByteArray()))
                  .toList()))
          .toList();
      return ConfirmReplicasResponse.newBuilder()
          .setRecorded(chunks.confirm(caller, confirmations)).build();
    });
  }

  @Override
  public void beginSnapshot(BeginSnapshotRequest request,
      StreamObserver<BeginSnapshotResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("BeginSnapshot", observer, () -> {
      var s = snapshots.begin(caller, request.getHost(), request.getRootsList());
      return BeginSnapshotResponse.newBuilder().setSnapshotId(s.id())
          .setStartedAtMillis(s.startedAt().toEpochMilli()).build();
    });
  }

  @Override
  public void addFiles(AddFilesRequest request, StreamObserver<AddFilesResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("AddFiles", observer, () -> AddFilesResponse.newBuilder()
        .setAccepted(snapshots.addFiles(caller, request.getSnapshotId(),
            request.getFilesList().stream().map(MessageMapper::toEntry).toList()))
        .build());
  }

  @Override
  public void commitSnapshot(CommitSnapshotRequest request,
      StreamObserver<CommitSnapshotResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("CommitSnapshot", observer, () -> CommitSnapshotResponse.newBuilder()
        .setSnapshot(MessageMapper.toProto(snapshots.commit(caller, request.getSnapshotId(),
            MessageMapper.toStats(request.getStats()))))
        .build());
  }

  @Override
  public void listSnapshots(ListSnapshotsRequest request,
      StreamObserver<ListSnapshotsResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("ListSnapshots", observer, () -> {
      ListSnapshotsResponse.Builder b = ListSnapshotsResponse.newBuilder();
      snapshots.list(caller, request.getDeviceId())
          .forEach(s -> b.addSnapshots(MessageMapper.toProto(s)));
      return b.build();
    });
  }

  @Override
  public void getPolicy(GetPolicyRequest request, StreamObserver<GetPolicyResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("GetPolicy", observer, () -> {
      String group = devices.require(caller, 0).deviceGroup;
      return GetPolicyResponse.newBuilder()
          .setPolicy(MessageMapper.toProto(policies.effective(caller.organizationId(), group)))
          .build();
    });
  }

  @Override
  public void planRestore(PlanRestoreRequest request, StreamObserver<RestoreBatch> observer) {
    Caller caller = CallerContext.current();
    RestorePlan plan;
    try {
      plan = invoker.inRequestContext(() -> restorePlanner.plan(caller, request.getDeviceId(),
          request.getSnapshotId(), request.getAtMillis(), request.getPathsList()));
    } catch (RuntimeException e) {
      observer.onError(statusMapper.toStatus("PlanRestore", e));
      return;
    }
    new RestoreStream(plan, restorePlanner, invoker, statusMapper,
        (ServerCallStreamObserver<RestoreBatch>) observer,
        (peer, chunkIds) -> grants.sign(GrantAction.GRANT_ACTION_FETCH, chunkIds, caller.deviceId(),
            caller.organizationId(), List.of(peer))).start();
  }
}
