package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code control_planes}. {@code labelsJson} is a JSON object the control plane encodes.
 */
public record ControlPlaneRow(
    UUID id,
    UUID organizationId,
    String name,
    Optional<String> description,
    String clusterType,
    String labelsJson,
    boolean cloudGateway,
    Instant createdAt,
    Instant updatedAt) {

  public ControlPlaneRow {
    requireNonNull(id, "id");
    requireNonNull(organizationId, "organizationId");
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(clusterType, "clusterType");
    requireNonNull(labelsJson, "labelsJson");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
  }

  /** A row to insert; the store stamps {@code createdAt} and {@code updatedAt}. */
  public static ControlPlaneRow create(
      UUID id,
      UUID organizationId,
      String name,
      Optional<String> description,
      String clusterType,
      String labelsJson,
      boolean cloudGateway) {
    return new ControlPlaneRow(
        id, organizationId, name, description, clusterType, labelsJson, cloudGateway,
        Instant.EPOCH, Instant.EPOCH);
  }
}
