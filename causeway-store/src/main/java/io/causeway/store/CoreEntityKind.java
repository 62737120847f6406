package io.causeway.store;

/** The Kong entities a control plane's gateway configuration is made of. */
public enum CoreEntityKind {
  SERVICES("services"),
  ROUTES("routes"),
  UPSTREAMS("upstreams"),
  TARGETS("targets");

  private final String wire;

  CoreEntityKind(String wire) {
    this.wire = wire;
  }

  /** Kong's plural, as in paths and declarative files: {@code services}. */
  public String wire() {
    return wire;
  }

  static CoreEntityKind fromWire(String wire) {
    for (CoreEntityKind kind : values()) {
      if (kind.wire.equals(wire)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("kind: " + wire + " (expected: services, routes, upstreams, targets)");
  }
}
