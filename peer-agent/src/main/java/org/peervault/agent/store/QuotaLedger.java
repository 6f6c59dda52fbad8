package org.peervault.agent.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The used bytes of a store against its quota. A put reserves its bytes before writing, with a
 * compare-and-set, so concurrent puts cannot together pass the quota; a failed write releases
 * the reservation. Thread-safe.
 */
final class QuotaLedger {

  private final long quotaBytes;
  private final AtomicLong usedBytes;

  QuotaLedger(long quotaBytes, long initialUsedBytes) {
    if (quotaBytes < 0) {
      throw new IllegalArgumentException("quotaBytes must be >= 0, got " + quotaBytes);
    }
    this.quotaBytes = quotaBytes;
    this.usedBytes = new AtomicLong(initialUsedBytes);
  }

  /** Charges {@code bytes}, or throws without charging when that would pass the quota. */
  void reserve(long bytes) {
    while (true) {
      long used = usedBytes.get();
      long after = used + bytes;
      if (after > quotaBytes || after < used) {
        throw new QuotaExceededException(used, quotaBytes, bytes);
      }
      if (usedBytes.compareAndSet(used, after)) {
        return;
      }
    }
  }

  /** Returns {@code bytes} to the quota (a failed write, or a deleted chunk). */
  void release(long bytes) {
    usedBytes.addAndGet(-bytes);
  }

  long usedBytes() {
    return usedBytes.get();
  }

  long quotaBytes() {
    return quotaBytes;
  }
}
