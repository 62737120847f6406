package io.causeway.controlplane;

import io.causeway.model.NetworkProvider;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What tests inject into a control plane: a provider instance (shared between replicas, or kept
 * across a restart like a real cloud), the clock, the failed-authentication budget, the
 * reconciler's timings and the seed of its backoff jitter.
 */
record Hooks(
    Optional<NetworkProvider> provider,
    Clock clock,
    int authFailures,
    Duration authRefill,
    Optional<Timings> timings,
    long jitterSeed) {

  static Hooks defaults() {
    return new Hooks(
        Optional.empty(),
        Clock.systemUTC(),
        20,
        Duration.ofSeconds(3),
        Optional.empty(),
        new SecureRandom().nextLong());
  }

  Hooks withProvider(NetworkProvider p) {
    return new Hooks(Optional.of(p), clock, authFailures, authRefill, timings, jitterSeed);
  }

  Hooks withAuthBudget(int failures, Duration refill) {
    return new Hooks(provider, clock, failures, refill, timings, jitterSeed);
  }

  Hooks withTimings(Timings t) {
    return new Hooks(provider, clock, authFailures, authRefill, Optional.of(t), jitterSeed);
  }
}
