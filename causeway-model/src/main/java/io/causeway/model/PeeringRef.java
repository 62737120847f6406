package io.causeway.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/**
 * A peering between a provider network and the customer network named by the attachment; {@code
 * dnsConfig} is the transit gateway's DNS forwarding, which preflight checks for reachability.
 */
public record PeeringRef(
    UUID transitGatewayId, NetworkRef network, AzureVnetPeering remote,
    List<DnsMapping> dnsConfig) {
  public PeeringRef {
    requireNonNull(transitGatewayId, "transitGatewayId");
    requireNonNull(network, "network");
    requireNonNull(remote, "remote");
    dnsConfig = List.copyOf(dnsConfig);
  }

  /** A peering without DNS forwarding. */
  public PeeringRef(UUID transitGatewayId, NetworkRef network, AzureVnetPeering remote) {
    this(transitGatewayId, network, remote, List.of());
  }
}
