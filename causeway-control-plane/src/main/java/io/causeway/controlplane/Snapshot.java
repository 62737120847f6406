package io.causeway.controlplane;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.UUID;

/**
 * One immutable, validated configuration of a control plane as the data planes of one network
 * receive it: the control plane's entities plus the DNS forwarding table of that network's ready
 * transit gateways (none for data planes in no network).
 *
 * @param networkId the network of the data planes it is for; empty: data planes in no network
 * @param version the control plane's configuration version (bumped by every entity write; a
 *     change of the forwarding table alone keeps it and changes the hash)
 * @param configHash SHA-256 of {@code config}'s UTF-8 bytes, which a data plane serving it
 *     reports
 * @param config the Kong 3.x declarative document (JSON) with {@code _causeway.dns_forwarding}
 * @param dnsForwarding that table alone (JSON), to notice when a network's table changes
 */
record Snapshot(UUID controlPlaneId, Optional<UUID> networkId, long version, String configHash,
    String config, String dnsForwarding) {
  Snapshot {
    requireNonNull(controlPlaneId, "controlPlaneId");
    requireNonNull(networkId, "networkId");
    requireNonNull(configHash, "configHash");
    requireNonNull(config, "config");
    requireNonNull(dnsForwarding, "dnsForwarding");
    if (version < 0) {
      throw new IllegalArgumentException("version: " + version + " (expected: 0 or more)");
    }
  }

  /** A snapshot without DNS forwarding, for data planes in no network. */
  Snapshot(UUID controlPlaneId, long version, String configHash, String config) {
    this(controlPlaneId, Optional.empty(), version, configHash, config, "[]");
  }
}
