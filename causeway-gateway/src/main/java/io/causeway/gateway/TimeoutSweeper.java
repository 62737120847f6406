package io.causeway.gateway;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One coarse clock per event loop for the exchanges' gap timeouts. Scheduling and cancelling a
 * Netty task per request costs a priority-queue insert and removal each time; registering in an
 * intrusive list costs two pointer writes, and one task every {@value #TICK_MILLIS} ms checks the
 * few exchanges in flight. Timeouts fire up to one tick late, which is well inside what gap
 * timeouts in milliseconds promise. Confined to its loop: no locks.
 */
final class TimeoutSweeper {

  static final long TICK_MILLIS = 20;
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);

  /** Something with deadlines, linked into its loop's sweeper while it has any. */
  abstract static class Swept {
    private Swept prev;
    private Swept next;
    private boolean linked;

    /** Checks deadlines against {@code now} (System.nanoTime); may unlink itself. */
    abstract void sweep(long now);
  }

  private static final FastThreadLocal<TimeoutSweeper> LOCAL =
      new FastThreadLocal<>() {
        @Override
        protected TimeoutSweeper initialValue() {
          return new TimeoutSweeper();
        }
      };

  private final Swept head = new Swept() {
    @Override
    void sweep(long now) {}
  };
  private final List<Swept> snapshot = new ArrayList<>();
  private EventLoop scheduledOn;
  private long lastTick;

  /**
   * The calling loop's clock as of its last tick (System.nanoTime, up to one tick old), or the
   * precise time when the loop never ticked: for stamps that only feed timeouts of seconds, where
   * a vDSO clock read per request is wasted. A deadline counted from it must allow for the lag
   * (add {@link #TICK_NANOS}) or it fires early.
   */
  static long coarseNanos() {
    long t = LOCAL.get().lastTick;
    return t != 0 ? t : System.nanoTime();
  }

  /** The sweeper of the calling event loop thread. */
  static TimeoutSweeper current() {
    return LOCAL.get();
  }

  void add(EventLoop loop, Swept s) {
    if (s.linked) {
      return;
    }
    s.linked = true;
    s.prev = head;
    s.next = head.next;
    if (head.next != null) {
      head.next.prev = s;
    }
    head.next = s;
    // One thread serves one loop in production; tests may hand the thread another loop.
    if (scheduledOn != loop) {
      scheduledOn = loop;
      loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  void remove(Swept s) {
    if (!s.linked) {
      return;
    }
    s.linked = false;
    s.prev.next = s.next;
    if (s.next != null) {
      s.next.prev = s.prev;
    }
    s.prev = null;
    s.next = null;
  }

  private void tick() {
    // A sweep may end other exchanges (closing channels), so walk a copy.
    snapshot.clear();
    for (Swept s = head.next; s != null; s = s.next) {
      snapshot.add(s);
    }
    long now = System.nanoTime();
    lastTick = now;
    for (Swept s : snapshot) {
      if (s.linked) {
        s.sweep(now);
      }
    }
    snapshot.clear();
  }
}
