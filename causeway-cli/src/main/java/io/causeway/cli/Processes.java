package io.causeway.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running parts of one process, closed in reverse start order when the JVM is asked to
 * stop (Ctrl-C, SIGTERM). Namespaces and namespaced nodes are infrastructure and are not ours to
 * close here (DESIGN §9).
 */
final class Processes {
  private static final Logger log = LoggerFactory.getLogger(Processes.class);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  <T extends AutoCloseable> T add(T process) {
    started.push(process);
    return process;
  }

  /** Runs {@code action} on SIGHUP (reload), where the platform has that signal. */
  @SuppressWarnings("sunapi") // sun.misc.Signal is the only SIGHUP hook the JDK offers.
  void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
    } catch (IllegalArgumentException e) {
      log.info("SIGHUP is not available on this platform; reload by restarting");
    }
  }

  /** Blocks until the JVM shuts down, then closes everything within {@code grace}. */
  int awaitShutdown(Duration grace) {
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("causeway-shutdown")
                .unstarted(
                    () -> {
                      closeAll();
                      stopped.countDown();
                    }));
    try {
      stopped.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeAll();
      return 0;
    } finally {
      try {
        stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void closeAll() {
    while (!started.isEmpty()) {
      AutoCloseable process = started.pop();
      try {
        process.close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", process.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
