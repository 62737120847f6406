package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A row of {@code transit_gateways}. {@code attachmentJson} ({@code
 * transit_gateway_attachment_config}) and {@code dnsConfigJson} ({@code dns_config}) are JSON
 * documents the control plane encodes; {@code state} is the wire value.
 */
public record TransitGatewayRow(
    UUID id,
    UUID networkId,
    UUID organizationId,
    String name,
    String attachmentJson,
    String dnsConfigJson,
    String state,
    Optional<String> reportedStatus,
    Optional<String> reason,
    long entityVersion,
    Instant createdAt,
    Instant updatedAt,
    ReconcileStatus reconcile) {

  public TransitGatewayRow {
    requireNonNull(id, "id");
    requireNonNull(networkId, "networkId");
    requireNonNull(organizationId, "organizationId");
    requireNonNull(name, "name");
    requireNonNull(attachmentJson, "attachmentJson");
    requireNonNull(dnsConfigJson, "dnsConfigJson");
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
  public static TransitGatewayRow create(
      UUID id,
      UUID networkId,
      UUID organizationId,
      String name,
      String attachmentJson,
      String dnsConfigJson,
      String state) {
    return new TransitGatewayRow(
        id, networkId, organizationId, name, attachmentJson, dnsConfigJson, state,
        Optional.empty(), Optional.empty(), 0, Instant.EPOCH, Instant.EPOCH,
        ReconcileStatus.dueAt(Instant.EPOCH));
  }

  public TransitGatewayRow withName(String newName) {
    return new TransitGatewayRow(
        id, networkId, organizationId, newName, attachmentJson, dnsConfigJson, state,
        reportedStatus, reason, entityVersion, createdAt, updatedAt, reconcile);
  }

  public TransitGatewayRow withDnsConfigJson(String newDnsConfigJson) {
    return new TransitGatewayRow(
        id, networkId, organizationId, name, attachmentJson, newDnsConfigJson, state,
        reportedStatus, reason, entityVersion, createdAt, updatedAt, reconcile);
  }

  public TransitGatewayRow withState(
      String newState, Optional<String> newReportedStatus, Optional<String> newReason) {
    return new TransitGatewayRow(
        id, networkId, organizationId, name, attachmentJson, dnsConfigJson, newState,
        newReportedStatus, newReason, entityVersion, createdAt, updatedAt, reconcile);
  }
}
