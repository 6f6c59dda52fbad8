package org.peervault.agent.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.peervault.agent.transfer.RepositoryUnreachableException;
import org.peervault.proto.v1.AuditChunk;
import org.peervault.proto.v1.DeleteChunk;
import org.peervault.proto.v1.PeerTask;
import org.peervault.proto.v1.TaskOutcome;
import org.peervault.proto.v1.TaskResult;

/** Bounded concurrency, no task run twice at once, and reports that survive an unreachable repository. */
class TaskRunnerTest {
  private static final String CHUNK = "ab".repeat(32);

  private static PeerTask delete(long id) {
    return PeerTask.newBuilder().setTaskId(id).setAttempt(1)
        .setDelete(DeleteChunk.newBuilder().setChunkId(CHUNK)).build();
  }

  /** Collects reported results; fails while {@code down} is set. */
  private static final class Repository implements TaskRunner.Reporter {
    final List<TaskResult> results = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public int report(List<TaskResult> batch) {
      calls.incrementAndGet();
      if (down.get()) {
        throw new RepositoryUnreachableException("report tasks", "127.0.0.1:1", new RuntimeException("refused"));
      }
      results.addAll(batch);
      return batch.size();
    }

    boolean await(int count) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (results.size() < count && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      return results.size() >= count;
    }
  }

  @Test
  void atMostConcurrencyTasksRunAtOnceAndEveryResultIsReported() throws InterruptedException {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TaskHandler slow = task -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      now.decrementAndGet();
      return TaskResults.done(task, "ok").build();
    };
    Repository repository = new Repository();
    try (TaskRunner runner = new TaskRunner(Map.of(PeerTask.KindCase.DELETE, slow), repository, 2)) {
      runner.accept(LongStream.rangeClosed(1, 6).mapToObj(TaskRunnerTest::delete).toList());
      Thread.sleep(300);
      assertThat(now.get()).isEqualTo(2);
      release.countDown();

      assertThat(repository.await(6)).isTrue();
    }
    assertThat(most.get()).isEqualTo(2);
    assertThat(repository.results).extracting(TaskResult::getTaskId).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void aTaskHandedOutAgainWhileRunningIsNotStartedTwice() throws InterruptedException {
    AtomicInteger starts = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TaskHandler slow = task -> {
      starts.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return TaskResults.done(task, "ok").build();
    };
    Repository repository = new Repository();
    try (TaskRunner runner = new TaskRunner(Map.of(PeerTask.KindCase.DELETE, slow), repository, 4)) {
      runner.accept(List.of(delete(7)));
      Thread.sleep(100);
      runner.accept(List.of(delete(7)));
      release.countDown();
      assertThat(repository.await(1)).isTrue();
    }
    assertThat(starts.get()).isEqualTo(1);
  }

  @Test
  void resultsAreKeptWhileTheRepositoryIsUnreachableAndSentWithTheNextHeartbeat() throws InterruptedException {
    Repository repository = new Repository();
    repository.down.set(true);
    try (TaskRunner runner = new TaskRunner(Map.of(PeerTask.KindCase.DELETE,
        task -> TaskResults.done(task, "ok").build()), repository, 2)) {
      runner.accept(List.of(delete(1), delete(2)));
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (repository.calls.get() == 0 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      Thread.sleep(200);
      assertThat(repository.results).isEmpty();

      repository.down.set(false);
      runner.accept(List.of());

      assertThat(repository.await(2)).isTrue();
    }
    assertThat(repository.results).extracting(TaskResult::getTaskId).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void aKindWithoutHandlerAndAFailingHandlerAreReportedFailed() throws InterruptedException {
    Repository repository = new Repository();
    PeerTask audit = PeerTask.newBuilder().setTaskId(3).setAttempt(1)
        .setAudit(AuditChunk.newBuilder().setChunkId(CHUNK)).build();
    try (TaskRunner runner = new TaskRunner(Map.of(PeerTask.KindCase.DELETE, task -> {
      throw new IllegalStateException("disk on fire");
    }), repository, 2)) {
      runner.accept(List.of(audit, delete(4)));
      assertThat(repository.await(2)).isTrue();
    }
    assertThat(repository.results).allMatch(r -> r.getOutcome() == TaskOutcome.TASK_OUTCOME_FAILED);
    assertThat(repository.results).extracting(TaskResult::getDetail)
        .containsExactlyInAnyOrder("this agent does not carry out AUDIT tasks", "delete: disk on fire");
  }

  @Test
  void concurrencyBelowOneIsRefused() {
    assertThatThrownBy(() -> new TaskRunner(Map.of(), results -> 0, 0))
        .hasMessageContaining("at least 1");
  }
}
