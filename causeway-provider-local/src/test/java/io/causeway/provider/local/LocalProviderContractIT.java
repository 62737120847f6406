package io.causeway.provider.local;

import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringRef;
import io.causeway.provider.local.Netns.Where;
import io.causeway.testkit.CustomerVnet;
import io.causeway.testkit.NetworkProviderContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract on real namespaces. Each case has its own data directory (so its own owner
 * mark, resource group and reset); the contract derives network ids from the case's name.
 */
class LocalProviderContractIT extends NetworkProviderContract {
  @TempDir Path dataDir;
  private LocalFixture fixture;
  private int vnets;

  @BeforeEach
  void setUp() {
    NetnsRequirement.require();
    fixture = new LocalFixture(dataDir);
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Override
  protected NetworkProvider provider() {
    return fixture.provider;
  }

  @Override
  protected CustomerVnet customerVnet(String cidr) {
    vnets++;
    LocalVnet vnet = fixture.vnet("contract-vnet-" + vnets, cidr);
    return new CustomerVnet(fixture.attachment(vnet.name()), cidr);
  }

  @Override
  protected int networkResourceCount(NetworkRef network) {
    return fixture.netns.exists(LocalProvider.networkNamespace(network.networkId())) ? 1 : 0;
  }

  @Override
  protected int peeringSideCount(PeeringRef peering) {
    return fixture.provider.peeringSides(peering);
  }

  /** The customer removes their side: the route back to the network, in their namespace. */
  @Override
  protected void removeCustomerSide(PeeringRef peering) {
    LocalVnet vnet =
        fixture
            .provider
            .vnets()
            .find(
                peering.remote().subscriptionId(),
                peering.remote().resourceGroupName(),
                peering.remote().vnetName())
            .orElseThrow();
    fixture.netns.run(
        Where.ns(vnet.namespace()),
        "route",
        "del",
        peering.network().spec().cidrBlock(),
        "dev",
        LocalNames.peeringLink(peering.transitGatewayId()));
  }
}
