package io.causeway.provider.azure;

import io.causeway.testkit.ArmInterceptor;
import io.causeway.testkit.ArmInterceptor.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault point of {@link AzureCrashConvergenceIT}: the {@code nth} ARM request of one kind that
 * one control plane process sends, {@code when} relative to ARM handling it. BEFORE: the request
 * never reaches ARM. AFTER: ARM applied it, but its answer never reaches the process.
 */
record ArmCrashPoint(Call call, When when, int nth) {
  /** The ARM request kinds of network and peering reconciliation, per side. */
  enum Call {
    VNET_PUT("PUT", Target.VNET, true),
    VNET_GET("GET", Target.VNET, true),
    VNET_DELETE("DELETE", Target.VNET, true),
    /** The preflight's read of the customer's VNET. */
    CUSTOMER_VNET_GET("GET", Target.VNET, false),
    PROVIDER_PEERING_PUT("PUT", Target.PEERING, true),
    CUSTOMER_PEERING_PUT("PUT", Target.PEERING, false),
    PROVIDER_PEERING_GET("GET", Target.PEERING, true),
    CUSTOMER_PEERING_GET("GET", Target.PEERING, false),
    PROVIDER_PEERING_DELETE("DELETE", Target.PEERING, true),
    CUSTOMER_PEERING_DELETE("DELETE", Target.PEERING, false),
    /** A poll of a long-running operation in the provider's subscription. */
    PROVIDER_OPERATION_POLL("GET", Target.OPERATION, true),
    CUSTOMER_OPERATION_POLL("GET", Target.OPERATION, false);

    private final String method;
    private final Target target;
    private final boolean providerSide;

    Call(String method, Target target, boolean providerSide) {
      this.method = method;
      this.target = target;
      this.providerSide = providerSide;
    }

    boolean matches(ArmInterceptor.Call call) {
      String subscription = providerSide ? FakeAzure.PROVIDER_SUBSCRIPTION
          : FakeAzure.CUSTOMER_SUBSCRIPTION;
      return call.method().equals(method) && call.target() == target
          && call.subscription().equalsIgnoreCase(subscription);
    }
  }

  enum When {
    BEFORE,
    AFTER
  }

  @Override
  public String toString() {
    return call + ":" + when + ":" + nth;
  }

  /**
   * Every call kind before and after: 24 points, each at its first or second occurrence in the
   * process and in an order that {@code seed} decides.
   */
  static List<ArmCrashPoint> points(long seed) {
    Random random = new Random(seed);
    List<ArmCrashPoint> points = new ArrayList<>();
    for (Call call : Call.values()) {
      for (When when : When.values()) {
        points.add(new ArmCrashPoint(call, when, 1 + random.nextInt(2)));
      }
    }
    Collections.shuffle(points, random);
    return points;
  }

  /**
   * Holds the armed request (on the fake's side) until the test has killed the process, and then
   * drops it: nothing of it reaches ARM (BEFORE) or the process (AFTER).
   */
  static final class Trap implements ArmInterceptor {
    private final ArmCrashPoint point;
    private final AtomicInteger seen = new AtomicInteger();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch killed = new CountDownLatch(1);
    // before() and after() of one request run on the same thread.
    private final ThreadLocal<Boolean> armedAfter = ThreadLocal.withInitial(() -> false);

    Trap(ArmCrashPoint point) {
      this.point = point;
    }

    @Override
    public boolean before(ArmInterceptor.Call call) {
      if (point.call().matches(call) && seen.incrementAndGet() == point.nth()) {
        if (point.when() == When.BEFORE) {
          return hold();
        }
        armedAfter.set(true);
      }
      return true;
    }

    @Override
    public boolean after(ArmInterceptor.Call call, int status) {
      if (armedAfter.get()) {
        armedAfter.set(false);
        return hold();
      }
      return true;
    }

    private boolean hold() {
      reached.countDown();
      try {
        killed.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }

    boolean reached() {
      return reached.getCount() == 0;
    }

    /** The process is dead: the held request may end (unanswered). */
    void release() {
      killed.countDown();
    }
  }
}
