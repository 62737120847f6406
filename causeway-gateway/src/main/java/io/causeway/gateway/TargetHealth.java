package io.causeway.gateway;

import java.util.List;

/**
 * One target of an upstream at run time: its connection count (least-connections) and Kong's
 * health counters. A healthy status clears the failure counters and counts a success; each kind
 * of failure clears the successes; a counter reaching its non-zero threshold flips the state.
 * Shared by every event loop, so the counters are guarded by this object's monitor.
 */
final class TargetHealth {

  /** What one observation of the target said. */
  enum Outcome {
    SUCCESS,
    HTTP_FAILURE,
    TCP_FAILURE,
    TIMEOUT
  }

  private final TargetDef def;
  private final int index;
  private int active;
  private boolean healthy = true;
  private int successes;
  private int httpFailures;
  private int tcpFailures;
  private int timeouts;

  TargetHealth(TargetDef def, int index) {
    this.def = def;
    this.index = index;
  }

  TargetDef def() {
    return def;
  }

  int index() {
    return index;
  }

  synchronized boolean isHealthy() {
    return healthy;
  }

  synchronized int active() {
    return active;
  }

  synchronized void connectionStarted() {
    active++;
  }

  synchronized void connectionEnded() {
    active = Math.max(0, active - 1);
  }

  /** Applies one observation with the thresholds of the check (active or passive) that made it. */
  synchronized void record(
      Outcome outcome, HealthcheckDef.Healthy ok, HealthcheckDef.Unhealthy bad) {
    switch (outcome) {
      case SUCCESS -> {
        successes++;
        httpFailures = 0;
        tcpFailures = 0;
        timeouts = 0;
        if (!healthy && ok.successes() > 0 && successes >= ok.successes()) {
          healthy = true;
          successes = 0;
        }
      }
      case HTTP_FAILURE -> failed(++httpFailures, bad.httpFailures());
      case TCP_FAILURE -> failed(++tcpFailures, bad.tcpFailures());
      case TIMEOUT -> failed(++timeouts, bad.timeouts());
    }
  }

  private void failed(int count, int threshold) {
    successes = 0;
    if (healthy && threshold > 0 && count >= threshold) {
      healthy = false;
      httpFailures = 0;
      tcpFailures = 0;
      timeouts = 0;
    }
  }

  /** Kong's classification of a proxied response status for passive checks. */
  static java.util.Optional<Outcome> classify(int status, List<Integer> healthy, List<Integer> bad) {
    if (bad.contains(status)) {
      return java.util.Optional.of(Outcome.HTTP_FAILURE);
    }
    if (healthy.contains(status)) {
      return java.util.Optional.of(Outcome.SUCCESS);
    }
    return java.util.Optional.empty();
  }
}
