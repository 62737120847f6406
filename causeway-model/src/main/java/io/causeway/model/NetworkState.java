package io.causeway.model;

import java.util.Arrays;
import java.util.Optional;

/** Lifecycle of a network, with the wire names of the Konnect contract. */
public enum NetworkState {
  CREATED("created"),
  INITIALIZING("initializing"),
  OFFLINE("offline"),
  READY("ready"),
  TERMINATING("terminating"),
  TERMINATED("terminated");

  private final String wire;

  NetworkState(String wire) {
    this.wire = wire;
  }

  /** The contract's spelling, e.g. {@code initializing}. */
  public String wire() {
    return wire;
  }

  /** True while the reconciler still has work to do and DELETE must answer 400. */
  public boolean isTransitional() {
    return this == CREATED || this == INITIALIZING || this == TERMINATING;
  }

  public static Optional<NetworkState> fromWire(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
  }
}
