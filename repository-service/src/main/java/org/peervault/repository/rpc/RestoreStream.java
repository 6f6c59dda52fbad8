package org.peervault.repository.rpc;

import java.util.List;
import java.util.function.BiFunction;
import org.peervault.proto.v1.Grant;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;
import org.peervault.proto.v1.RestoreBatch;
import org.peervault.repository.restore.RestorePlan;
import org.peervault.repository.restore.RestorePlanner;

/**
 * Streams one restore plan with flow control: a batch is read from the database and sent only
 * while the transport is ready for more ({@code isReady()}/{@code onReady}), so a slow agent
 * never makes the server buffer a whole restore. Callbacks of one call are serialized by gRPC;
 * this object is confined to them.
 */
final class RestoreStream {
  private static final Logger LOG = Logger.getLogger(RestoreStream.class);

  private final RestorePlan plan;
  private final RestorePlanner planner;
  private final RpcInvoker invoker;
  private final StatusMapper statusMapper;
  private final ServerCallStreamObserver<RestoreBatch> observer;
  private final BiFunction<Long, List<String>, Grant> fetchGrant;
  private final Set<String> sentChunks = new HashSet<>();
  private String afterPath = "";
  private boolean done;
  private long files;
  private int batches;

  RestoreStream(RestorePlan plan, RestorePlanner planner, RpcInvoker invoker,
      StatusMapper statusMapper, ServerCallStreamObserver<RestoreBatch> observer,
      BiFunction<Long, List<String>, Grant> fetchGrant) {
    this.fetchGrant = fetchGrant;
    this.plan = plan;
    this.planner = planner;
    this.invoker = invoker;
    this.statusMapper = statusMapper;
    this.observer = observer;
  }

  /** Registers the callbacks; gRPC calls {@code onReady} once the method has returned. */
  void start() {
    observer.setOnCancelHandler(() -> {
      done = true;
      LOG.infof("restore: cancelled by agent device=%d batches=%d files=%d", plan.deviceId(),
          batches, files);
    });
    observer.setOnReadyHandler(this::drain);
  }

  private void drain() {
    try {
      while (!done && observer.isReady()) {
        RestorePlanner.Page page = invoker.inRequestContext(() -> planner.page(plan, afterPath,
            sentChunks));
        if (!page.batch().files().isEmpty()) {
          observer.onNext(MessageMapper.toProto(page.batch(), fetchGrant));
          batches++;
          files += page.batch().files().size();
        }
        afterPath = page.lastPath();
        if (page.complete()) {
          done = true;
          observer.onCompleted();
          LOG.infof("restore: planned device=%d snapshot=%d at=%s paths=%d batches=%d files=%d"
              + " chunks=%d", plan.deviceId(), plan.snapshotId(), plan.at(),
              plan.filters().size(), batches, files, sentChunks.size());
        }
      }
    } catch (RuntimeException e) {
      done = true;
      observer.onError(statusMapper.toStatus("PlanRestore", e));
    }
  }
}
