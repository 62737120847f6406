package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code cloud_gateway_configurations} with the networks its data-plane groups run in.
 * {@code documentJson} is what the control plane encodes (version, kind, api access, groups).
 */
public record ConfigurationRow(
    UUID id,
    UUID organizationId,
    UUID controlPlaneId,
    String controlPlaneGeo,
    String documentJson,
    List<UUID> networkIds,
    long entityVersion,
    Instant createdAt,
    Instant updatedAt) {

  public ConfigurationRow {
    requireNonNull(id, "id");
    requireNonNull(organizationId, "organizationId");
    requireNonNull(controlPlaneId, "controlPlaneId");
    requireNonNull(controlPlaneGeo, "controlPlaneGeo");
    requireNonNull(documentJson, "documentJson");
    networkIds = List.copyOf(networkIds.stream().distinct().sorted().toList());
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
  }

  /** A row to write; the store stamps the version and the timestamps. */
  public static ConfigurationRow create(
      UUID id,
      UUID organizationId,
      UUID controlPlaneId,
      String controlPlaneGeo,
      String documentJson,
      List<UUID> networkIds) {
    return new ConfigurationRow(id, organizationId, controlPlaneId, controlPlaneGeo,
        documentJson, networkIds, 0, Instant.EPOCH, Instant.EPOCH);
  }
}
