package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a provider sees of a data-plane group's nodes. The reconciler maps each case to one action
 * and the group's {@code state}: {@code Running} is {@code ready} with the addresses in {@code
 * private_ip_addresses}; the others are {@code initializing} with the text in {@code
 * state_metadata.reason}.
 */
public sealed interface DataPlaneObservation {
  /** Nothing launched for the group (never placed, or removed): the reconciler places it. */
  record Absent() implements DataPlaneObservation {}

  /**
   * The provider does not launch nodes: the operator starts them in the network and joins them to
   * the control plane. {@code reason} says how.
   */
  record External(String reason) implements DataPlaneObservation {
    public External {
      requireNonNull(reason, "reason");
    }
  }

  /** Launched or adopted, not serving yet; {@code detail} says what is awaited. */
  record Starting(String detail) implements DataPlaneObservation {
    public Starting {
      requireNonNull(detail, "detail");
    }
  }

  /** Serving at {@code addresses} (where the network reaches the nodes' proxy). */
  record Running(List<String> addresses) implements DataPlaneObservation {
    public Running {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * A node ended or could not start; {@code reason} says why (for example the last lines of its
   * log). The reconciler places the group again after a backoff.
   */
  record Failed(String reason) implements DataPlaneObservation {
    public Failed {
      requireNonNull(reason, "reason");
    }
  }
}
