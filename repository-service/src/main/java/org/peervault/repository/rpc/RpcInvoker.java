package org.peervault.repository.rpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Runs domain calls from gRPC handler threads: activates a CDI request context for the call
 * (handler threads have none; the domain services open their own transactions) and turns
 * failures into statuses through {@link StatusMapper}.
 */
@ApplicationScoped
public class RpcInvoker {

  @Inject
  StatusMapper statusMapper;

  /** Runs {@code work} and completes a unary call with its result or its mapped failure. */
  public <T> void unary(String method, StreamObserver<T> observer, Supplier<T> work) {
    T response;
    try {
      response = inRequestContext(work);
    } catch (RuntimeException | Error e) {
      observer.onError(statusMapper.toStatus(method, e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  /** Runs {@code work} with an active request context (its own, unless one is active). */
  public <T> T inRequestContext(Supplier<T> work) {
    ManagedContext requestContext = Arc.container().requestContext();
    if (requestContext.isActive()) {
      return work.get();
    }
    requestContext.activate();
    try {
      return work.get();
    } finally {
      requestContext.terminate();
    }
  }
}
