package io.causeway.provider.azure;

import static org.awaitility.Awaitility.await;

import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.NetworkSpec;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Building blocks of the scenario tests: refs with fixed ids, waiting for states. */
final class Scenarios {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private Scenarios() {}

  static UUID id(String label) {
    return UUID.nameUUIDFromBytes(label.getBytes(StandardCharsets.UTF_8));
  }

  static NetworkRef network(NetworkProvider provider, String label, String cidr) {
    return new NetworkRef(id("network/" + label), new NetworkSpec("net-" + label,
        provider.account().id(), FakeAzure.REGION, List.of(FakeAzure.REGION + "-az1"), cidr));
  }

  static PeeringRef peering(NetworkRef network, AzureVnetPeering remote, String label) {
    return new PeeringRef(id("peering/" + label), network, remote);
  }

  static NetworkRef readyNetwork(NetworkProvider provider, String label, String cidr) {
    NetworkRef network = network(provider, label, cidr);
    provider.createNetwork(network);
    awaitNetwork(provider, network, NetworkObservation.Ready.class);
    return network;
  }

  static void awaitNetwork(NetworkProvider provider, NetworkRef network,
      Class<? extends NetworkObservation> expected) {
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
        .ignoreException(ProviderException.class)
        .until(() -> expected.isInstance(provider.observeNetwork(network)));
  }

  static void awaitPeering(NetworkProvider provider, PeeringRef peering,
      Class<? extends PeeringObservation> expected) {
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
        .ignoreException(ProviderException.class)
        .until(() -> expected.isInstance(provider.observePeering(peering)));
  }

  static String providerVnetId(NetworkRef network) {
    return AzureProviderContractIT.providerVnetId(network);
  }

  static String providerPeeringId(PeeringRef peering) {
    return providerVnetId(peering.network()) + "/virtualNetworkPeerings/causeway-"
        + peering.transitGatewayId();
  }

  static String customerPeeringId(PeeringRef peering) {
    return peering.remote().vnetResourceId() + "/virtualNetworkPeerings/causeway-"
        + peering.transitGatewayId();
  }
}
