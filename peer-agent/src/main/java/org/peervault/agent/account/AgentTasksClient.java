package org.peervault.agent.account;

import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.peervault.agent.transfer.AuthenticationException;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.agent.transfer.RepositoryException;
import org.peervault.proto.v1.AgentTasksGrpc;
import org.peervault.proto.v1.ClaimDeviceRequest;
import org.peervault.proto.v1.ClaimDeviceResponse;
import org.peervault.proto.v1.CompleteRestoreRequestRequest;
import org.peervault.proto.v1.ListRestoreRequestsRequest;
import org.peervault.proto.v1.RestoreRequest;

/**
 * The repository's AgentTasks service, on a {@link RepositoryClient}'s channel and credentials:
 * claiming this device for the signed-in user, and the restore requests addressed to it.
 */
public final class AgentTasksClient {
  private static final long DEADLINE_SECONDS = 60;

  private final RepositoryClient repository;

  public AgentTasksClient(RepositoryClient repository) {
    this.repository = repository;
  }

  /** Makes the signed-in user the owner of this device. */
  public ClaimDeviceResponse claimDevice() {
    return call("claim device", () -> stub().claimDevice(ClaimDeviceRequest.getDefaultInstance()));
  }

  /** The pending restore requests for this device, oldest first. */
  public List<RestoreRequest> pendingRestores() {
    return call("list restore requests", () -> stub().listRestoreRequests(
        ListRestoreRequestsRequest.getDefaultInstance()).getRequestsList());
  }

  /** Reports how a restore request ended. */
  public void complete(long requestId, boolean succeeded, String outcome) {
    call("complete restore request", () -> stub().completeRestoreRequest(
        CompleteRestoreRequestRequest.newBuilder().setRequestId(requestId)
            .setSucceeded(succeeded).setOutcome(outcome).build()));
  }

  private AgentTasksGrpc.AgentTasksBlockingStub stub() {
    return repository.stub(AgentTasksGrpc::newBlockingStub)
        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static <T> T call(String operation, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (StatusRuntimeException e) {
      String message = e.getStatus().getDescription() == null ? e.getStatus().getCode().name()
          : e.getStatus().getDescription();
      switch (e.getStatus().getCode()) {
        case UNAUTHENTICATED, PERMISSION_DENIED ->
            throw new AuthenticationException(operation, message, e);
        default -> throw new RepositoryException(operation, e.getStatus().getCode().name(),
            message, e);
      }
    }
  }
}
