package org.peervault.agent.serve;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Identifies the caller of every peer call from its verified TLS client certificate and puts it in
 * the gRPC {@link Context} as a {@link Caller}. A call without a usable device certificate is
 * closed UNAUTHENTICATED; a revoked device or one of another organization PERMISSION_DENIED.
 */
final class CallerInterceptor implements ServerInterceptor {
  private static final Logger LOG = Logger.getLogger(CallerInterceptor.class.getName());
  private static final ServerCall.Listener<Object> NOTHING = new ServerCall.Listener<>() {};

  private final GrantVerifier verifier;

  CallerInterceptor(GrantVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Optional<Caller> caller = caller(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (caller.isEmpty()) {
      call.close(Status.UNAUTHENTICATED.withDescription(
          "peer: no device certificate; enroll this device and call over mutual TLS"), new Metadata());
      return (ServerCall.Listener<Q>) NOTHING;
    }
    try {
      verifier.checkCaller(caller.get());
    } catch (GrantRefusedException e) {
      LOG.info(() -> "event=caller_refused device=" + caller.get().deviceId() + " reason=\"" + e.getMessage() + "\"");
      call.close(Status.PERMISSION_DENIED.withDescription(e.getMessage()), new Metadata());
      return (ServerCall.Listener<Q>) NOTHING;
    }
    return Contexts.interceptCall(Context.current().withValue(Caller.KEY, caller.get()), call, headers, next);
  }

  private static Optional<Caller> caller(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Caller.of(leaf) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }
}
