package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

/**
 * A customer VNET of the local provider, as {@link LocalVnets} lists it: the Azure-shaped key a
 * transit gateway names it by, its address space, the namespace that is the VNET, the address of
 * the namespace itself (the first usable address of {@code cidr}, on its loopback), and whether the
 * namespace exists right now (it does not after a host restart until the VNET is created again).
 */
public record LocalVnet(
    String subscriptionId,
    String resourceGroupName,
    String name,
    String cidr,
    String namespace,
    String address,
    boolean present) {
  public LocalVnet {
    requireNonNull(subscriptionId, "subscriptionId");
    requireNonNull(resourceGroupName, "resourceGroupName");
    requireNonNull(name, "name");
    requireNonNull(cidr, "cidr");
    requireNonNull(namespace, "namespace");
    requireNonNull(address, "address");
  }

  /** The ARM-style id, as an {@code azure-vnet-peering-attachment} would name this VNET. */
  public String resourceId() {
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/%s"
        .formatted(subscriptionId, resourceGroupName, name);
  }
}
