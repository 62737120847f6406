package io.causeway.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per client address: a bucket of {@code burst} failures that refills one every
 * {@code refill}. The API limits failed tokens per address too, but it sees every UI sign-in come
 * from loopback; this keeps the limit per real client, so one guesser cannot lock everyone out of
 * the UI.
 */
final class SignInLimiter {
  private record Bucket(double failures, Instant at) {}

  private static final int MAX_ADDRESSES = 10_000;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int burst;
  private final Duration refill;

  SignInLimiter(Clock clock, int burst, Duration refill) {
    this.clock = clock;
    this.burst = burst;
    this.refill = refill;
  }

  /** How long this address must wait before its next attempt, if it must. */
  Optional<Duration> blockedFor(String address) {
    Bucket bucket = current(address);
    // One more attempt is allowed only once a whole failure has drained away.
    if (bucket.failures() <= burst - 1) {
      return Optional.empty();
    }
    double excess = bucket.failures() - (burst - 1);
    return Optional.of(Duration.ofMillis((long) Math.ceil(excess * refill.toMillis())));
  }

  void recordFailure(String address) {
    if (buckets.size() >= MAX_ADDRESSES) {
      // Memory stays bounded under a spray of addresses; forgetting only favours the guessers
      // until the API's own (loopback-wide) limit takes over.
      buckets.clear();
    }
    buckets.compute(
        address,
        (a, old) -> {
          Bucket now = drained(old);
          return new Bucket(now.failures() + 1, now.at());
        });
  }

  private Bucket current(String address) {
    return drained(buckets.get(address));
  }

  private Bucket drained(Bucket bucket) {
    Instant now = clock.instant();
    if (bucket == null) {
      return new Bucket(0, now);
    }
    double elapsed = Duration.between(bucket.at(), now).toMillis() / (double) refill.toMillis();
    return new Bucket(Math.max(0, bucket.failures() - elapsed), now);
  }
}
