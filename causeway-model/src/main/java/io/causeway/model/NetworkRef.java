package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** Everything a provider needs to find or make a network: its Causeway id and its spec. */
public record NetworkRef(UUID networkId, NetworkSpec spec) {
  public NetworkRef {
    requireNonNull(networkId, "networkId");
    requireNonNull(spec, "spec");
  }
}
