package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code local_vnets}: a customer VNET of the local provider, keyed like an Azure VNET by
 * (subscription, resource group, name), compared case-insensitively.
 *
 * @param cidr its address space
 * @param namespace the network namespace that is the VNET on this host
 */
public record LocalVnetRow(
    UUID id,
    String subscriptionId,
    String resourceGroupName,
    String name,
    String cidr,
    String namespace,
    Instant createdAt) {

  public LocalVnetRow {
    requireNonNull(id, "id");
    requireNonNull(subscriptionId, "subscriptionId");
    requireNonNull(resourceGroupName, "resourceGroupName");
    requireNonNull(name, "name");
    requireNonNull(cidr, "cidr");
    requireNonNull(namespace, "namespace");
    requireNonNull(createdAt, "createdAt");
  }

  /** A row to insert; the store stamps {@code createdAt}. */
  public static LocalVnetRow create(
      UUID id,
      String subscriptionId,
      String resourceGroupName,
      String name,
      String cidr,
      String namespace) {
    return new LocalVnetRow(
        id, subscriptionId, resourceGroupName, name, cidr, namespace, Instant.EPOCH);
  }
}
