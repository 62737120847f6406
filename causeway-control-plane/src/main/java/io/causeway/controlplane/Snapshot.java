package io.causeway.controlplane;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * One immutable, validated configuration of a control plane, as data planes receive it.
 *
 * @param version the control plane's configuration version (bumped by every write)
 * @param configHash the hash a data plane serving it reports ({@code KongConfig})
 * @param config the Kong 3.x declarative document (JSON) with {@code _causeway.dns_forwarding}
 * @param dnsForwarding that table alone (JSON), to notice when the networks' tables change
 */
record Snapshot(
    UUID controlPlaneId, long version, String configHash, String config, String dnsForwarding) {
  Snapshot {
    requireNonNull(controlPlaneId, "controlPlaneId");
    requireNonNull(configHash, "configHash");
    requireNonNull(config, "config");
    requireNonNull(dnsForwarding, "dnsForwarding");
    if (version < 0) {
      throw new IllegalArgumentException("version: " + version + " (expected: 0 or more)");
    }
  }

  /** A snapshot without DNS forwarding. */
  Snapshot(UUID controlPlaneId, long version, String configHash, String config) {
    this(controlPlaneId, version, configHash, config, "[]");
  }
}
