package org.peervault.repository.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.peervault.repository.device.Caller;
import org.peervault.repository.identity.Actor;
import org.peervault.repository.identity.UserTokenVerifier;

/**
 * Reads the signed-in user an agent acts for from the metadata {@value #HEADER} ({@code Bearer
 * <OIDC access token>}), verifies it, and puts the caller, now acting for that user, back into
 * the context. Runs after {@link DeviceAuthInterceptor} (the device must authenticate first);
 * calls without the header go on unchanged. A header with a bad token fails the call with
 * UNAUTHENTICATED rather than silently dropping the user.
 */
@Singleton
public class UserTokenInterceptor implements ServerInterceptor {
  /** The metadata key carrying the user's access token. */
  public static final String HEADER = "x-peervault-user";
  static final Metadata.Key<String> USER = Metadata.Key.of(HEADER,
      Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  @Inject
  UserTokenVerifier verifier;

  @Inject
  RpcInvoker invoker;

  @Inject
  StatusMapper statusMapper;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String header = headers.get(USER);
    Caller caller = CallerContext.CALLER.get();
    if (header == null || caller == null) {
      return next.startCall(call, headers);
    }
    String token = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? header.substring(BEARER.length()).strip() : header.strip();
    Actor actor;
    try {
      actor = invoker.inRequestContext(() -> verifier.verify(token));
    } catch (RuntimeException e) {
      call.close(statusMapper.toStatus(call.getMethodDescriptor().getFullMethodName(), e)
          .getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Caller acting = caller.onBehalfOf(new Caller.OnBehalf(actor.userId(), actor.organizationId(),
        actor.isAdmin()));
    Context context = Context.current().withValue(CallerContext.CALLER, acting);
    return Contexts.interceptCall(context, call, headers, next);
  }
}
