package io.causeway.model;

/** What a provider sees of both sides of a peering. */
public sealed interface PeeringObservation {
  /** Neither side exists. */
  record Absent() implements PeeringObservation {}

  /** Being created, synced or deleted; {@code detail} says which side and step. */
  record InProgress(String detail) implements PeeringObservation {}

  /** Both sides exist, are {@code Connected} and in sync. */
  record Connected() implements PeeringObservation {}

  /**
   * One side is missing or broken (e.g. the customer deleted theirs, or their address space
   * changed); the reconciler re-creates or re-syncs it.
   */
  record Degraded(String reason) implements PeeringObservation {}

  /** Failed in a way that needs a change of input or an action by the customer. */
  record Failed(Preflight.Problem problem) implements PeeringObservation {}
}
