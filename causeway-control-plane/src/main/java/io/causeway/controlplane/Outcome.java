package io.causeway.controlplane;

import static java.util.Objects.requireNonNull;

import io.causeway.model.StateMetadata;
import java.time.Duration;
import java.util.Optional;

/**
 * What one reconcile step decided: the state and {@code state_metadata} to record, what the
 * provider has been asked for ({@code providerRef}), when to look again, and
 * no sooner than what the provider asked ({@code Retry-After}).
 */
record Outcome(
    String state,
    StateMetadata metadata,
    Optional<String> providerRef,
    Next next,
    Optional<Duration> retryAfter) {
  Outcome {
    requireNonNull(retryAfter, "retryAfter");
    requireNonNull(state, "state");
    requireNonNull(metadata, "metadata");
    requireNonNull(providerRef, "providerRef");
    requireNonNull(next, "next");
  }

  /** When the row is due again. */
  enum Next {
    /** Soon: something is in progress at the provider. */
    POLL,
    /** Later: the state is stable; look again to notice drift. */
    RESYNC,
    /** With exponential backoff: waiting for the user, or the provider call failed. */
    BACKOFF,
    /** Not again on its own (offline, terminated). */
    PARK
  }

  static Outcome of(String state, String status, String reason, Optional<String> ref, Next next) {
    return new Outcome(state, StateMetadata.of(status, reason), ref, next, Optional.empty());
  }
}
