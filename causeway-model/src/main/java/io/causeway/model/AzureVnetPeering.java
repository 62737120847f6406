package io.causeway.model;

import static java.util.Objects.requireNonNull;

/**
 * The customer side of an Azure VNET peering ({@code kind: azure-vnet-peering-attachment}): which
 * VNET, in which subscription and resource group, in which Entra tenant.
 */
public record AzureVnetPeering(
    String tenantId, String subscriptionId, String resourceGroupName, String vnetName)
    implements AttachmentConfig {
  public static final String KIND = "azure-vnet-peering-attachment";

  public AzureVnetPeering {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(subscriptionId, "subscriptionId");
    requireNonNull(resourceGroupName, "resourceGroupName");
    requireNonNull(vnetName, "vnetName");
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** The ARM resource id of the customer's VNET. */
  public String vnetResourceId() {
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/%s"
        .formatted(subscriptionId, resourceGroupName, vnetName);
  }
}
