package io.causeway.controlplane;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": after {@code n} consecutive failures wait between half
 * and all of {@code min(max, base * 2^n)}, and never less than what the provider asked for
 * ({@code Retry-After}). Jitter keeps replicas that failed together from retrying together.
 */
final class Backoff {
  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  Backoff(Duration base, Duration max, RandomGenerator random) {
    if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "base: " + base + ", max: " + max + " (expected: 0 < base <= max)");
    }
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** The wait before attempt {@code attempts + 1}, {@code attempts} failures so far (1 or more). */
  Duration delay(int attempts, Optional<Duration> retryAfter) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    long ceiling = Math.min(max.toMillis(), base.toMillis() << doublings);
    long half = ceiling / 2;
    long jittered;
    synchronized (random) {
      jittered = half + (half == 0 ? 0 : random.nextLong(half + 1));
    }
    Duration delay = Duration.ofMillis(Math.max(jittered, 1));
    return retryAfter.filter(r -> r.compareTo(delay) > 0).orElse(delay);
  }
}
