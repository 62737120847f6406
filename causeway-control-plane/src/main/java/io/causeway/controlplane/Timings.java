package io.causeway.controlplane;

import java.time.Duration;

/**
 * The reconciler's clocks.
 *
 * @param poll wait while something is in progress at the provider
 * @param resync wait before looking again at a stable resource (drift detection)
 * @param backoffBase first wait after a failure or while waiting for the user
 * @param backoffMax longest such wait
 * @param leaseFor how long a claimed row stays ours; a crashed replica's rows free up after it
 * @param idle longest sleep of the loop when nothing was due (API writes wake it earlier)
 */
record Timings(
    Duration poll,
    Duration resync,
    Duration backoffBase,
    Duration backoffMax,
    Duration leaseFor,
    Duration idle) {

  /**
   * The simulated provider is polled at a quarter of its step delay; real clouds every 5 s
   * (ARM operations take tens of seconds, and every call counts against throttling limits).
   */
  static Timings forProvider(String provider, Duration simulatedDelay) {
    if (!provider.equals("simulated")) {
      return new Timings(
          Duration.ofSeconds(5),
          Duration.ofSeconds(60),
          Duration.ofSeconds(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(2),
          Duration.ofMillis(500));
    }
    return forDelay(simulatedDelay);
  }

  /** Polling follows the provider's pace: a quarter of the simulated delay, 50 ms to 2 s. */
  static Timings forDelay(Duration simulatedDelay) {
    Duration quarter = simulatedDelay.dividedBy(4);
    Duration poll =
        quarter.compareTo(Duration.ofMillis(50)) < 0
            ? Duration.ofMillis(50)
            : quarter.compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : quarter;
    return new Timings(
        poll,
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Duration.ofMillis(500));
  }
}
