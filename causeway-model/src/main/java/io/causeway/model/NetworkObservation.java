package io.causeway.model;

/** What a provider sees of a network. The reconciler maps each case to exactly one action. */
public sealed interface NetworkObservation {
  /** Nothing exists (never created, or deletion finished). */
  record Absent() implements NetworkObservation {}

  /** Being created or deleted; {@code detail} says which step, for {@code state_metadata}. */
  record InProgress(String detail) implements NetworkObservation {}

  /** Usable. */
  record Ready() implements NetworkObservation {}

  /** Failed in a way that retrying the same request will not fix. */
  record Failed(String reportedStatus, String reason) implements NetworkObservation {}
}
