package org.peervault.agent.replica;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.peervault.agent.store.ChunkStore;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryException;
import org.peervault.agent.transfer.RepositoryUnreachableException;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;

/**
 * Carries out the peer tasks that heartbeats bring, at most {@code concurrency} at a time, and
 * reports their results to the repository from one reporting thread.
 *
 * <p>A task already running here is not started twice; tasks beyond the queue's room are left for
 * the repository to hand out again when their lease ends. Results the repository could not be
 * reached for are kept (up to {@value #MAX_UNREPORTED}) and sent with the next report; a report
 * the repository refuses is dropped (it would be refused again), and its tasks are handed out
 * again after their leases. Thread-safe; close it to stop (running tasks are interrupted).
 */
public final class TaskRunner implements java.util.function.Consumer<List<PeerTask>>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());
  /** Results kept while the repository is unreachable; the oldest go first beyond this. */
  static final int MAX_UNREPORTED = 10_000;
  private static final int QUEUE = 1024;
  private static final int MAX_BATCH = 1000;

  /** Sends results to the repository; returns how many it recorded. */
  @FunctionalInterface
  public interface Reporter {
    int report(List<TaskResult> results);
  }

  private final Map<PeerTask.KindCase, TaskHandler> handlers;
  private final Reporter reporter;
  private final ThreadPoolExecutor workers;
  private final ExecutorService reporting = Executors.newSingleThreadExecutor(daemon("task-report"));
  private final Set<Long> running = ConcurrentHashMap.newKeySet();
  private final Deque<TaskResult> unreported = new ArrayDeque<>();

  /**
   * A runner with these handlers.
   *
   * @param concurrency most tasks carried out at once (at least 1)
   */
  public TaskRunner(Map<PeerTask.KindCase, TaskHandler> handlers, Reporter reporter, int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("task concurrency must be at least 1, got " + concurrency);
    }
    this.handlers = new EnumMap<>(handlers);
    this.reporter = reporter;
    this.workers = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE), daemon("peer-task"));
  }

  /**
   * A runner that copies chunks into {@code store} from {@code peers}, deletes from it, and
   * answers audits of what it holds.
   */
  public static TaskRunner forStore(ChunkStore store, PeerChannels peers, Reporter reporter, int concurrency) {
    return new TaskRunner(Map.of(PeerTask.KindCase.COPY, new ChunkCopier(store, peers),
        PeerTask.KindCase.DELETE, new ChunkDeleter(store),
        PeerTask.KindCase.AUDIT, new ChunkAuditor(store)), reporter, concurrency);
  }

  /** Starts the tasks not already running here; returns at once. */
  @Override
  public void accept(List<PeerTask> tasks) {
    for (PeerTask task : tasks) {
      if (!running.add(task.getTaskId())) {
        continue;
      }
      try {
        workers.execute(() -> runOne(task));
      } catch (RejectedExecutionException e) {
        running.remove(task.getTaskId());
        LOG.fine(() -> "event=task_deferred task=" + task.getTaskId() + " reason=queue_full");
      }
    }
    boolean leftovers;
    synchronized (unreported) {
      leftovers = !unreported.isEmpty();
    }
    if (leftovers) {
      scheduleReport();
    }
  }

  private void runOne(PeerTask task) {
    TaskResult result;
    try {
      TaskHandler handler = handlers.get(task.getKindCase());
      result = handler == null
          ? TaskResults.failed(task, "this agent does not carry out " + task.getKindCase() + " tasks").build()
          : handler.run(task);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event=task_error task=" + task.getTaskId() + " kind=" + task.getKindCase(), e);
      result = TaskResults.failed(task, task.getKindCase().name().toLowerCase() + ": " + e.getMessage()).build();
    } finally {
      running.remove(task.getTaskId());
    }
    TaskResult done = result;
    LOG.fine(() -> "event=task_finished task=" + task.getTaskId() + " kind=" + task.getKindCase()
        + " outcome=" + done.getOutcome() + " detail=\"" + done.getDetail() + "\"");
    synchronized (unreported) {
      unreported.addLast(result);
      while (unreported.size() > MAX_UNREPORTED) {
        unreported.removeFirst();
      }
    }
    scheduleReport();
  }

  private void scheduleReport() {
    try {
      reporting.execute(this::report);
    } catch (RejectedExecutionException e) {
      // closed: the results are lost, the tasks are handed out again after their leases
    }
  }

  /** Sends what is waiting, in batches; keeps it when the repository is unreachable. */
  private void report() {
    while (true) {
      List<TaskResult> batch = new ArrayList<>();
      synchronized (unreported) {
        while (!unreported.isEmpty() && batch.size() < MAX_BATCH) {
          batch.add(unreported.removeFirst());
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        int recorded = reporter.report(batch);
        long failed = batch.stream().filter(r -> r.getOutcome() == TaskOutcome.TASK_OUTCOME_FAILED).count();
        LOG.info(() -> "event=tasks_reported results=" + batch.size() + " failed=" + failed
            + " recorded=" + recorded);
      } catch (RepositoryUnreachableException e) {
        synchronized (unreported) {
          for (int i = batch.size() - 1; i >= 0; i--) {
            unreported.addFirst(batch.get(i));
          }
        }
        LOG.warning(() -> "event=tasks_report_deferred results=" + batch.size() + " reason=\"" + e.getMessage() + "\"");
        return;
      } catch (RepositoryException e) {
        LOG.warning(() -> "event=tasks_report_refused results=" + batch.size() + " reason=\"" + e.getMessage() + "\"");
      }
    }
  }

  /** Tasks running or queued now. */
  public int running() {
    return running.size();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    reporting.shutdown();
    try {
      if (!reporting.awaitTermination(5, TimeUnit.SECONDS)) {
        reporting.shutdownNow();
      }
    } catch (InterruptedException e) {
      reporting.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger next = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + next.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
