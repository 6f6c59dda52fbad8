package org.peervault.repository.rpc;

import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.peervault.proto.v1.AgentTasksGrpc;
import org.peervault.proto.v1.ClaimDeviceRequest;
import org.peervault.proto.v1.ClaimDeviceResponse;
import org.peervault.proto.v1.CompleteRestoreRequestRequest;
import org.peervault.proto.v1.CompleteRestoreRequestResponse;
import org.peervault.proto.v1.ListRestoreRequestsRequest;
import org.peervault.proto.v1.ListRestoreRequestsResponse;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.Device;
import org.peervault.repository.device.Devices;
import org.peervault.repository.identity.UserAccount;
import org.peervault.repository.restore.RestoreRequest;
import org.peervault.repository.restore.RestoreRequests;

/**
 * The {@code peervault.v1.AgentTasks} service: translates and calls {@link Devices} (claims) and
 * {@link RestoreRequests}. No rules live here.
 */
@Singleton
public class AgentTasksRpc implements AgentTasksGrpc.AsyncService {

  @Inject
  RpcInvoker invoker;

  @Inject
  Devices devices;

  @Inject
  RestoreRequests restoreRequests;

  @Override
  public void claimDevice(ClaimDeviceRequest request,
      StreamObserver<ClaimDeviceResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("ClaimDevice", observer, () -> {
      Device device = devices.claim(caller);
      UserAccount owner = UserAccount.findById(device.ownerUserId);
      return ClaimDeviceResponse.newBuilder().setDeviceId(device.id)
          .setOwnerUserId(device.ownerUserId).setOwnerUsername(owner.username).build();
    });
  }

  @Override
  public void listRestoreRequests(ListRestoreRequestsRequest request,
      StreamObserver<ListRestoreRequestsResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("ListRestoreRequests", observer, () -> {
      ListRestoreRequestsResponse.Builder b = ListRestoreRequestsResponse.newBuilder();
      restoreRequests.pendingFor(caller).forEach(r -> b.addRequests(toProto(r)));
      return b.build();
    });
  }

  @Override
  public void completeRestoreRequest(CompleteRestoreRequestRequest request,
      StreamObserver<CompleteRestoreRequestResponse> observer) {
    Caller caller = CallerContext.current();
    invoker.unary("CompleteRestoreRequest", observer, () -> {
      restoreRequests.complete(caller, request.getRequestId(), request.getSucceeded(),
          request.getOutcome());
      return CompleteRestoreRequestResponse.getDefaultInstance();
    });
  }

  private static org.peervault.proto.v1.RestoreRequest toProto(RestoreRequest r) {
    return org.peervault.proto.v1.RestoreRequest.newBuilder().setId(r.id)
        .setSourceDeviceId(r.sourceDeviceId)
        .setSnapshotId(r.snapshotId == null ? 0 : r.snapshotId)
        .setAtMillis(r.atTime == null ? 0 : r.atTime.toEpochMilli())
        .addAllPaths(List.of(r.paths)).setTargetDirectory(r.targetDirectory)
        .setRequestedBy(r.requestedBy).setCreatedAtMillis(r.createdAt.toEpochMilli()).build();
  }
}
