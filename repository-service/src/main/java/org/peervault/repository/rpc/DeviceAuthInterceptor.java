package org.peervault.repository.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.peervault.proto.v1.RepositoryGrpc;
import org.peervault.repository.device.Caller;
import org.peervault.repository.trust.DeviceCertificates;

/**
 * Authenticates every call except Enroll by the device certificate of its TLS connection and
 * puts the caller into the gRPC {@link Context}. No certificate, one not issued by the CA, an
 * expired, superseded or unknown one get UNAUTHENTICATED; a revoked device gets PERMISSION_DENIED;
 * each with a message that says what to do. Runs on handler threads, so it may use the database.
 */
@Singleton
public class DeviceAuthInterceptor implements ServerInterceptor {
  private static final String OPEN = RepositoryGrpc.getEnrollMethod().getFullMethodName();

  @Inject
  DeviceCertificates certificates;

  @Inject
  RpcInvoker invoker;

  @Inject
  StatusMapper statusMapper;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (OPEN.equals(method)) {
      return next.startCall(call, headers);
    }
    Caller caller;
    try {
      caller = invoker.inRequestContext(() -> byCertificate(call));
    } catch (RuntimeException e) {
      call.close(statusMapper.toStatus(method, e).getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Context context = Context.current().withValue(CallerContext.CALLER, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  private Caller byCertificate(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    Certificate[] chain;
    try {
      chain = session == null ? null : session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      chain = null;
    }
    if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
      throw new org.peervault.repository.PeerVaultException(org.peervault.repository.ErrorKind.UNAUTHENTICATED,
          "certificate-missing", "authentication: no device certificate was presented; enroll this machine"
          + " (peer-agent enroll --server HOST:PORT --token TOKEN)");
    }
    return certificates.authenticate(leaf);
  }

}
