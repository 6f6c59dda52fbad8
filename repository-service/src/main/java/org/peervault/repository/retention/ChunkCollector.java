package org.peervault.repository.retention;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.peervault.repository.catalog.Chunk;
import org.peervault.repository.repair.PeerTask;
import org.peervault.repository.repair.PeerTaskFinished;
import org.peervault.repository.repair.PeerTaskStore;

/**
 * Garbage collection of chunks: marks the chunks nothing references ({@link ChunkReferences}),
 * orders every holder to delete its replica (DELETE peer tasks, reason {@value #REASON}), and
 * removes replica and chunk rows as holders report.
 *
 * <p>Safety against a backup that deduplicates against a chunk being collected:
 * <ol>
 *   <li>only chunks nobody looked up or confirmed within {@code peervault.retention.grace} are
 *       marked (a backup looks a chunk up before it references it);</li>
 *   <li>from the mark on, lookups answer a marked chunk as absent, and adding a file version
 *       that names it is refused: the catalog reads the chunks a batch names with a share lock
 *       and only if unmarked, while the mark takes row locks and skips rows a batch holds;</li>
 *   <li>after the mark commits, a second transaction unmarks any chunk that a reference committed
 *       during the mark made referenced again (the mark's snapshot could not see it);</li>
 *   <li>only then are delete orders given.</li>
 * </ol>
 * A confirmation of a marked chunk's content (an agent told it was absent uploads it again) is
 * refused until the collection is over; the backup retries later.
 */
@ApplicationScoped
public class ChunkCollector {
  /** The reason of the DELETE tasks garbage collection orders. */
  public static final String REASON = "gc";
  private static final Logger LOG = Logger.getLogger(ChunkCollector.class);

  @Inject
  CollectionStore store;

  @Inject
  PeerTaskStore tasks;

  @Inject
  RetentionConfig config;

  /** Marks, re-checks and orders deletions for one organization; each step its own transaction. */
  public RetentionReport collect(long organizationId, Instant now) {
    List<String> marked = QuarkusTransaction.requiringNew().call(() -> store.mark(organizationId,
        now, now.minus(config.grace()), config.chunksPerRun()));
    List<String> unmarked = marked.isEmpty() ? List.of()
        : QuarkusTransaction.requiringNew().call(() -> store.unmarkReferenced(marked));
    int ordered = QuarkusTransaction.requiringNew().call(() -> {
      int forgotten = store.forgetInactiveHolders();
      List<PeerTask.New> orders = store.unordered(organizationId).stream()
          .map(h -> PeerTask.New.delete(organizationId, h.deviceId(), h.chunkId(), REASON,
              h.storedSizeBytes()))
          .toList();
      tasks.insert(orders, now);
      int dropped = store.dropEmpty();
      LOG.debugf("retention: collection organization=%d forgottenReplicas=%d droppedChunks=%d",
          organizationId, forgotten, dropped);
      return orders.size();
    });
    if (!unmarked.isEmpty()) {
      LOG.infof("retention: referenced again while being marked, kept chunks=%d",
          unmarked.size());
    }
    return new RetentionReport(0, 0, marked.size() - unmarked.size(), ordered);
  }

  /**
   * A holder carried out a garbage-collection delete: its replica goes and, with the last one,
   * the chunk. Runs inside the reporting transaction.
   */
  void onFinished(@Observes PeerTaskFinished event) {
    PeerTask task = event.task();
    if (task.kind() != PeerTask.Kind.DELETE || !REASON.equals(task.reason())
        || !event.report().done()) {
      return;
    }
    boolean chunkGone = store.deleted(task.chunkId(), task.deviceId());
    LOG.debugf("retention: replica deleted device=%d chunk=%s freedBytes=%d chunkGone=%s",
        task.deviceId(), Chunk.shortId(task.chunkId()), event.report().freedBytes(), chunkGone);
  }
}
