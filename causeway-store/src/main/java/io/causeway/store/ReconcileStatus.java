package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The reconciler's bookkeeping columns of a network or transit gateway.
 *
 * @param nextAttemptAt when the row is due for reconciliation
 * @param attempts consecutive failed attempts (input to backoff)
 * @param leaseOwner the replica holding the row lease, if any (may have expired)
 * @param leaseUntil when that lease ends
 * @param providerRef what the reconciler already asked the provider for, so that a restarted
 *     reconciler does not ask twice
 * @param observedJson the last observation, for diagnostics
 */
public record ReconcileStatus(
    Instant nextAttemptAt,
    int attempts,
    Optional<String> leaseOwner,
    Optional<Instant> leaseUntil,
    Optional<String> providerRef,
    Optional<String> observedJson) {

  public ReconcileStatus {
    requireNonNull(nextAttemptAt, "nextAttemptAt");
    requireNonNull(leaseOwner, "leaseOwner");
    requireNonNull(leaseUntil, "leaseUntil");
    requireNonNull(providerRef, "providerRef");
    requireNonNull(observedJson, "observedJson");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 0)");
    }
  }

  /** Due at {@code at}, never attempted, unleased. */
  public static ReconcileStatus dueAt(Instant at) {
    return new ReconcileStatus(
        at, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
