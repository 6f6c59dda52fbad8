package org.peervault.agent.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM or Ctrl-C for a command that runs until stopped ({@code serve}, {@code run}, {@code s3}):
 * the shutdown hook asks the command to stop, then waits (up to {@value #CLOSE_SECONDS} s) until
 * the command has closed what it opened, since the JVM halts as soon as its hooks return. Open it
 * first in the command's try-with-resources, so that it closes last.
 */
final class StopSignal implements AutoCloseable {
  private static final int CLOSE_SECONDS = 30;

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  private StopSignal() {}

  static StopSignal install(String name) {
    StopSignal signal = new StopSignal();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signal.requested.countDown();
      try {
        signal.closed.await(CLOSE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name));
    return signal;
  }

  /** Waits until a stop is asked for. */
  void await() throws InterruptedException {
    requested.await();
  }

  /** Everything the command opened is closed: the shutdown may finish. */
  @Override
  public void close() {
    closed.countDown();
  }
}
