package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** A peering between a provider network and the customer network named by the attachment. */
public record PeeringRef(UUID transitGatewayId, NetworkRef network, AzureVnetPeering remote) {
  public PeeringRef {
    requireNonNull(transitGatewayId, "transitGatewayId");
    requireNonNull(network, "network");
    requireNonNull(remote, "remote");
  }
}
