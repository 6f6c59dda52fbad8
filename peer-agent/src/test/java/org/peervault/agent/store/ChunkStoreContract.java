package org.peervault.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.peervault.agent.chunk.ChunkId;
import org.peervault.agent.chunk.ChunkIntegrityException;

/**
 * The behaviour every {@link ChunkStore} must have. Each implementation's test extends this
 * class and says how to make an empty store.
 */
abstract class ChunkStoreContract {

  private static final int THREADS = 8;

  /** A new, empty store with the given quota. */
  protected abstract ChunkStore newStore(long quotaBytes);

  @Test
  void storedChunkReadsBackIdentically() {
    ChunkStore store = newStore(10_000);
    byte[] sealed = bytes(1, 1234);
    ChunkId id = ChunkId.of(sealed);

    PutResult result = store.put(id, sealed);

    assertThat(result).isEqualTo(new PutResult(false, 1234));
    assertThat(store.contains(id)).isTrue();
    assertThat(store.get(id)).hasValueSatisfying(b -> assertThat(b).isEqualTo(sealed));
    assertThat(store.usedBytes()).isEqualTo(1234);
    assertThat(store.quotaBytes()).isEqualTo(10_000);
  }

  @Test
  void missingChunkIsEmptyAndNotDeleted() {
    ChunkStore store = newStore(10_000);
    ChunkId id = ChunkId.of(bytes(2, 10));

    assertThat(store.get(id)).isEmpty();
    assertThat(store.contains(id)).isFalse();
    assertThat(store.delete(id)).isEmpty();
  }

  @Test
  void returnedBytesAreTheCallersCopy() {
    ChunkStore store = newStore(10_000);
    byte[] sealed = bytes(3, 100);
    ChunkId id = ChunkId.of(sealed);
    store.put(id, sealed);

    store.get(id).orElseThrow()[0] ^= 1;
    sealed[1] ^= 1;

    assertThat(ChunkId.of(store.get(id).orElseThrow())).isEqualTo(id);
  }

  @Test
  void wrongHashIsRefusedAndNothingStored() {
    ChunkStore store = newStore(10_000);
    byte[] sealed = bytes(4, 500);
    ChunkId claimed = ChunkId.of(bytes(5, 500));

    assertThatThrownBy(() -> store.put(claimed, sealed))
        .isInstanceOfSatisfying(ChunkIntegrityException.class, e -> {
          assertThat(e.expected()).isEqualTo(claimed);
          assertThat(e.actual()).isEqualTo(ChunkId.of(sealed));
        });
    assertThat(store.contains(claimed)).isFalse();
    assertThat(store.contains(ChunkId.of(sealed))).isFalse();
    assertThat(store.usedBytes()).isZero();
  }

  @Test
  void chunkOverQuotaIsRefusedWithTheNumbers() {
    ChunkStore store = newStore(1000);
    byte[] first = bytes(6, 600);
    byte[] second = bytes(7, 500);
    store.put(ChunkId.of(first), first);

    assertThatThrownBy(() -> store.put(ChunkId.of(second), second))
        .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
          assertThat(e.usedBytes()).isEqualTo(600);
          assertThat(e.quotaBytes()).isEqualTo(1000);
          assertThat(e.requestedBytes()).isEqualTo(500);
        })
        .hasMessageContaining("storing 500 bytes on top of 600 used")
        .hasMessageContaining("quota of 1000 bytes");
    assertThat(store.contains(ChunkId.of(second))).isFalse();
    assertThat(store.usedBytes()).isEqualTo(600);
  }

  @Test
  void chunkThatExactlyFillsTheQuotaIsAccepted() {
    ChunkStore store = newStore(1000);
    byte[] sealed = bytes(8, 1000);

    assertThat(store.put(ChunkId.of(sealed), sealed).usedBytes()).isEqualTo(1000);
  }

  @Test
  void puttingAChunkAgainIsIdempotent() {
    ChunkStore store = newStore(1000);
    byte[] sealed = bytes(9, 700);
    ChunkId id = ChunkId.of(sealed);
    store.put(id, sealed);

    PutResult again = store.put(id, sealed.clone());

    assertThat(again).isEqualTo(new PutResult(true, 700));
    assertThat(store.usedBytes()).isEqualTo(700);
  }

  @Test
  void deleteFreesQuota() {
    ChunkStore store = newStore(1000);
    byte[] first = bytes(10, 700);
    byte[] second = bytes(11, 700);
    store.put(ChunkId.of(first), first);

    assertThat(store.delete(ChunkId.of(first))).hasValue(700);

    assertThat(store.usedBytes()).isZero();
    assertThat(store.contains(ChunkId.of(first))).isFalse();
    assertThat(store.put(ChunkId.of(second), second).alreadyPresent()).isFalse();
    assertThat(store.usedBytes()).isEqualTo(700);
  }

  @Test
  void concurrentPutsNeverExceedTheQuota() throws Exception {
    long quota = 20_000;
    ChunkStore store = newStore(quota);
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < THREADS * 25; i++) {
      chunks.add(bytes(100 + i, 100 + (i * 37) % 300));
    }
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          // Every thread walks all chunks from a different place: distinct and identical puts race.
          for (int i = 0; i < chunks.size(); i++) {
            byte[] sealed = chunks.get((i + thread * 25) % chunks.size());
            try {
              store.put(ChunkId.of(sealed), sealed);
            } catch (QuotaExceededException e) {
              assertThat(e.usedBytes() + e.requestedBytes()).isGreaterThan(quota);
            }
            assertThat(store.usedBytes()).isLessThanOrEqualTo(quota);
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    long held = chunks.stream().filter(c -> store.contains(ChunkId.of(c)))
        .mapToLong(c -> c.length).sum();
    assertThat(store.usedBytes()).isEqualTo(held).isLessThanOrEqualTo(quota);
    assertThat(held).isGreaterThan(quota - 400);
  }

  @Test
  void concurrentIdenticalPutsChargeOnce() throws Exception {
    ChunkStore store = newStore(10_000);
    byte[] sealed = bytes(12, 3000);
    ChunkId id = ChunkId.of(sealed);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<PutResult> results = new ArrayList<>();
    try {
      List<Future<PutResult>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          return store.put(id, sealed);
        }));
      }
      for (Future<PutResult> future : futures) {
        results.add(future.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(results).filteredOn(r -> !r.alreadyPresent()).hasSize(1);
    assertThat(store.usedBytes()).isEqualTo(3000);
  }

  /** Opaque test "sealed" bytes: the store never looks inside. */
  @Test
  void committedBatchIsStoredAndReportsWhatWasThere() {
    ChunkStore store = newStore(10_000);
    byte[] held = bytes(40, 100);
    store.put(ChunkId.of(held), held);
    byte[] a = bytes(41, 200);
    byte[] b = bytes(42, 300);

    List<ChunkId> present;
    try (StoreBatch batch = store.batch()) {
      batch.add(ChunkId.of(a), a);
      batch.add(ChunkId.of(held), held);
      batch.add(ChunkId.of(b), b);
      batch.add(ChunkId.of(a), a);
      assertThat(store.contains(ChunkId.of(a))).as("not visible before the commit").isFalse();
      present = batch.commit();
    }

    assertThat(present).containsExactly(ChunkId.of(held));
    assertThat(store.get(ChunkId.of(a))).hasValueSatisfying(x -> assertThat(x).isEqualTo(a));
    assertThat(store.get(ChunkId.of(b))).hasValueSatisfying(x -> assertThat(x).isEqualTo(b));
    assertThat(store.usedBytes()).as("each chunk charged once").isEqualTo(600);
  }

  @Test
  void abortedBatchLeavesNothingAndReturnsItsQuota() {
    ChunkStore store = newStore(10_000);
    byte[] a = bytes(43, 500);

    try (StoreBatch batch = store.batch()) {
      batch.add(ChunkId.of(a), a);
      batch.abort();
    }

    assertThat(store.contains(ChunkId.of(a))).isFalse();
    assertThat(store.usedBytes()).isZero();
    store.put(ChunkId.of(a), a);
    assertThat(store.usedBytes()).isEqualTo(500);
  }

  @Test
  void batchRefusesAWrongHashAndWhatPassesTheQuota() {
    ChunkStore store = newStore(1_000);
    byte[] a = bytes(44, 600);
    byte[] b = bytes(45, 600);

    try (StoreBatch batch = store.batch()) {
      assertThatThrownBy(() -> batch.add(ChunkId.of(b), a)).isInstanceOf(ChunkIntegrityException.class);
      batch.add(ChunkId.of(a), a);
      assertThatThrownBy(() -> batch.add(ChunkId.of(b), b)).isInstanceOf(QuotaExceededException.class);
    }

    assertThat(store.contains(ChunkId.of(a))).as("closing without commit drops the batch").isFalse();
    assertThat(store.usedBytes()).isZero();
  }

  protected static byte[] bytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
