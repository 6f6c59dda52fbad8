package org.peervault.repository.repair;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.peervault.repository.catalog.ReplicaStore;
import org.peervault.repository.catalog.ReplicasConfirmed;

/**
 * What finished COPY and DELETE tasks mean for the catalog: a copy done is a confirmed replica
 * on its target (and releases the space placement reserved for it); a delete done removes the
 * replica from the index. Failures change nothing: the next repair run looks again.
 */
@ApplicationScoped
public class TaskEffects {
  private static final Logger LOG = Logger.getLogger(TaskEffects.class);

  @Inject
  ReplicaStore replicas;

  @Inject
  RepairStore repairStore;

  @Inject
  Event<ReplicasConfirmed> confirmed;

  void onFinished(@Observes PeerTaskFinished event) {
    PeerTask task = event.task();
    if (!event.report().done()) {
      if (task.kind() != PeerTask.Kind.AUDIT) {
        LOG.infof("tasks: failed task=%d kind=%s device=%d chunk=%s detail=\"%s\"", task.id(),
            task.kind(), task.deviceId(), PeerTasks.shortId(task.chunkId()),
            event.report().detail());
      }
      return;
    }
    switch (task.kind()) {
      case COPY -> {
        replicas.insertIfAbsent(List.of(new ReplicaStore.Pair(task.chunkId(), task.deviceId())));
        confirmed.fire(new ReplicasConfirmed(Map.of(task.chunkId(), Set.of(task.deviceId()))));
        LOG.debugf("repair: copied chunk=%s to device=%d", PeerTasks.shortId(task.chunkId()),
            task.deviceId());
      }
      case DELETE -> repairStore.removeReplica(task.chunkId(), task.deviceId());
      case AUDIT -> { }
    }
  }
}
