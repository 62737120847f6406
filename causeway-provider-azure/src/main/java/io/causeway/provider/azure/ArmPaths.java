package io.causeway.provider.azure;

import io.causeway.model.PeeringRef;
import java.util.UUID;

/**
 * Where Causeway's resources live in ARM. Every name derives from a Causeway id, so a repeated
 * create finds what an earlier (perhaps crashed) attempt made instead of making another.
 */
final class ArmPaths {
  /** The subnet of a provider VNET where data-plane nodes run. */
  static final String DATA_PLANE_SUBNET = "dataplanes";
  private static final String PREFIX = "causeway-";

  private final AzureConfig config;

  ArmPaths(AzureConfig config) {
    this.config = config;
  }

  String vnetName(UUID networkId) {
    return PREFIX + networkId;
  }

  String vnetId(UUID networkId) {
    return "/subscriptions/" + config.subscriptionId() + "/resourceGroups/"
        + config.resourceGroup() + "/providers/Microsoft.Network/virtualNetworks/"
        + vnetName(networkId);
  }

  /** The same name on both sides: at most 45 characters, within Azure's 80. */
  static String peeringName(PeeringRef peering) {
    return PREFIX + peering.transitGatewayId();
  }

  String providerPeeringId(PeeringRef peering) {
    return vnetId(peering.network().networkId()) + "/virtualNetworkPeerings/"
        + peeringName(peering);
  }

  static String customerPeeringId(PeeringRef peering) {
    return peering.remote().vnetResourceId() + "/virtualNetworkPeerings/" + peeringName(peering);
  }
}
