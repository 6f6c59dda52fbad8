package org.peervault.repository.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.repository.device.Caller;
import org.peervault.repository.device.DeviceAuthenticator;

/**
 * Authenticates every call except RegisterDevice by its {@code authorization: Bearer <device
 * token>} metadata and puts the caller into the gRPC {@link Context}. Missing, malformed,
 * unknown and revoked tokens get UNAUTHENTICATED; the message never says which, nor echoes the
 * token. Runs on handler threads (not the transport's event loop), so it may use the database.
 */
@Singleton
public class DeviceAuthInterceptor implements ServerInterceptor {
  private static final Logger LOG = Logger.getLogger(DeviceAuthInterceptor.class);
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
      Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";
  private static final String UNAUTHENTICATED_OPEN = RepositoryGrpc.getRegisterDeviceMethod()
      .getFullMethodName();

  @Inject
  DeviceAuthenticator authenticator;

  @Inject
  RpcInvoker invoker;

  @Inject
  StatusMapper statusMapper;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (method.equals(UNAUTHENTICATED_OPEN)) {
      return next.startCall(call, headers);
    }
    String header = headers.get(AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return refuse(call, method, "missing", "authentication: send the metadata"
          + " 'authorization: Bearer <device token>' (RegisterDevice returns the token)");
    }
    String token = header.substring(BEARER.length()).strip();
    Optional<Caller> caller;
    try {
      caller = invoker.inRequestContext(() -> authenticator.authenticate(token));
    } catch (RuntimeException e) {
      call.close(statusMapper.toStatus(method, e).getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (caller.isEmpty()) {
      return refuse(call, method, "rejected", "authentication: device token not accepted"
          + " (unknown, revoked, or replaced by a newer registration of the device);"
          + " register the device again with an enrollment token");
    }
    Context context = Context.current().withValue(CallerContext.CALLER, caller.get());
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String method,
      String reason, String message) {
    LOG.infof("rpc: unauthenticated method=%s reason=%s remote=%s", method, reason,
        call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
