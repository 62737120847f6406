package io.causeway.controlplane;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed authentication attempts per client address with a token bucket: {@code capacity}
 * failures at once, one more every {@code refillEvery}. While an address's bucket is empty every
 * request from it is refused (429) before its token is even looked at, so guessing gets no answer.
 */
final class FailedAuthLimiter {
  /** Above this many tracked addresses, full buckets are forgotten (they carry no information). */
  private static final int MAX_TRACKED = 10_000;

  private record Bucket(double tokens, Instant at) {}

  private final Clock clock;
  private final int capacity;
  private final Duration refillEvery;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  FailedAuthLimiter(Clock clock, int capacity, Duration refillEvery) {
    if (capacity < 1 || refillEvery.isZero() || refillEvery.isNegative()) {
      throw new IllegalArgumentException(
          "capacity: " + capacity + ", refillEvery: " + refillEvery + " (expected: positive)");
    }
    this.clock = clock;
    this.capacity = capacity;
    this.refillEvery = refillEvery;
  }

  /** How long {@code address} must wait before its next attempt, if it is blocked now. */
  Optional<Duration> blockedFor(String address) {
    Bucket bucket = refilled(address, clock.instant());
    if (bucket.tokens() >= 1) {
      return Optional.empty();
    }
    double missing = 1 - bucket.tokens();
    return Optional.of(Duration.ofNanos((long) Math.ceil(missing * refillEvery.toNanos())));
  }

  void recordFailure(String address) {
    Instant now = clock.instant();
    buckets.compute(
        address,
        (key, old) -> {
          Bucket b = refill(old, now);
          return new Bucket(Math.max(0, b.tokens() - 1), now);
        });
    if (buckets.size() > MAX_TRACKED) {
      buckets.entrySet().removeIf(e -> refill(e.getValue(), now).tokens() >= capacity);
    }
  }

  private Bucket refilled(String address, Instant now) {
    return refill(buckets.get(address), now);
  }

  private Bucket refill(Bucket old, Instant now) {
    if (old == null) {
      return new Bucket(capacity, now);
    }
    double gained = (double) Duration.between(old.at(), now).toNanos() / refillEvery.toNanos();
    return new Bucket(Math.min(capacity, old.tokens() + Math.max(0, gained)), now);
  }
}
