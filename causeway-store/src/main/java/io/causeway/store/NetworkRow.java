package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code networks}. {@code availabilityZonesJson} is a JSON array the control plane
 * encodes; {@code state} is the wire value ({@code initializing}).
 */
public record NetworkRow(
    UUID id,
    UUID organizationId,
    String name,
    String providerAccountId,
    String region,
    String availabilityZonesJson,
    String cidrBlock,
    boolean defaultNetwork,
    String state,
    Optional<String> reportedStatus,
    Optional<String> reason,
    long entityVersion,
    Instant createdAt,
    Instant updatedAt,
    ReconcileStatus reconcile) {

  public NetworkRow {
    requireNonNull(id, "id");
    requireNonNull(organizationId, "organizationId");
    requireNonNull(name, "name");
    requireNonNull(providerAccountId, "providerAccountId");
    requireNonNull(region, "region");
    requireNonNull(availabilityZonesJson, "availabilityZonesJson");
    requireNonNull(cidrBlock, "cidrBlock");
    requireNonNull(state, "state");
    requireNonNull(reportedStatus, "reportedStatus");
    requireNonNull(reason, "reason");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(reconcile, "reconcile");
  }

  /**
   * A row to insert; the store stamps {@code entityVersion} (1), {@code createdAt}, {@code
   * updatedAt} and a fresh {@link ReconcileStatus} (due at once, unleased).
   */
  public static NetworkRow create(
      UUID id,
      UUID organizationId,
      String name,
      String providerAccountId,
      String region,
      String availabilityZonesJson,
      String cidrBlock,
      boolean defaultNetwork,
      String state) {
    return new NetworkRow(
        id, organizationId, name, providerAccountId, region, availabilityZonesJson, cidrBlock,
        defaultNetwork, state, Optional.empty(), Optional.empty(), 0, Instant.EPOCH,
        Instant.EPOCH, ReconcileStatus.dueAt(Instant.EPOCH));
  }

  public NetworkRow withName(String newName) {
    return new NetworkRow(
        id, organizationId, newName, providerAccountId, region, availabilityZonesJson, cidrBlock,
        defaultNetwork, state, reportedStatus, reason, entityVersion, createdAt, updatedAt,
        reconcile);
  }

  public NetworkRow withState(
      String newState, Optional<String> newReportedStatus, Optional<String> newReason) {
    return new NetworkRow(
        id, organizationId, name, providerAccountId, region, availabilityZonesJson, cidrBlock,
        defaultNetwork, newState, newReportedStatus, newReason, entityVersion, createdAt,
        updatedAt, reconcile);
  }
}
