package io.causeway.controlplane;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do inside its organisation, from least to most: read, change resources,
 * manage tokens and read the audit log. Each role includes the ones before it.
 */
enum Role {
  VIEWER,
  EDITOR,
  ADMIN;

  /** The role stored on a token and shown on the wire: {@code admin}, {@code editor}, ... */
  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when a holder of this role may do what {@code needed} allows. */
  boolean covers(Role needed) {
    return compareTo(needed) >= 0;
  }

  static Optional<Role> fromWire(String wire) {
    return Arrays.stream(values()).filter(r -> r.wire().equals(wire)).findFirst();
  }

  static java.util.List<String> wires() {
    return Arrays.stream(values()).map(Role::wire).toList();
  }
}
