package io.causeway.model;

import java.util.Arrays;
import java.util.Optional;

/** Lifecycle of a transit gateway, with the wire names of the Konnect contract. */
public enum TransitGatewayState {
  CREATED("created"),
  INITIALIZING("initializing"),
  PENDING_USER_ACTION("pending-user-action"),
  READY("ready"),
  ERROR("error"),
  TERMINATING("terminating"),
  TERMINATED("terminated");

  private final String wire;

  TransitGatewayState(String wire) {
    this.wire = wire;
  }

  /** The contract's spelling, e.g. {@code pending-user-action}. */
  public String wire() {
    return wire;
  }

  /** True while DELETE must answer 400 (DESIGN §9). */
  public boolean isTransitional() {
    return this == CREATED || this == INITIALIZING || this == TERMINATING;
  }

  public static Optional<TransitGatewayState> fromWire(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
  }
}
