package io.causeway.provider.azure;

import io.causeway.model.AzureSetup;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringRef;
import io.causeway.testkit.CustomerVnet;
import io.causeway.testkit.NetworkProviderContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract, run by the azure provider against the fake ARM server. */
class AzureProviderContractIT extends NetworkProviderContract {
  static FakeAzure azure;
  private NetworkProvider provider;

  @BeforeAll
  static void startFakeArm() {
    azure = new FakeAzure();
  }

  @AfterAll
  static void stopFakeArm() {
    azure.close();
  }

  @BeforeEach
  void newProvider() {
    provider = azure.provider();
  }

  @Override
  protected NetworkProvider provider() {
    return provider;
  }

  @Override
  protected CustomerVnet customerVnet(String cidr) {
    return new CustomerVnet(azure.customerVnet(cidr), cidr);
  }

  @Override
  protected CustomerVnet unknownVnet() {
    // Consent and role in place (on the resource group), so that ARM answers "not found".
    azure.arm.grantConsent(FakeAzure.CUSTOMER_TENANT);
    String group = "customer-empty-rg";
    azure.arm.resourceGroup(FakeAzure.CUSTOMER_SUBSCRIPTION, group);
    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, "/subscriptions/"
        + FakeAzure.CUSTOMER_SUBSCRIPTION + "/resourceGroups/" + group, AzureSetup.ROLE_ACTIONS);
    return new CustomerVnet(new AzureVnetPeering(FakeAzure.CUSTOMER_TENANT,
        FakeAzure.CUSTOMER_SUBSCRIPTION, group, "no-such-vnet"), "10.30.0.0/16");
  }

  @Override
  protected int networkResourceCount(NetworkRef network) {
    return azure.arm.vnet(providerVnetId(network)).isPresent() ? 1 : 0;
  }

  @Override
  protected int peeringSideCount(PeeringRef peering) {
    String name = "causeway-" + peering.transitGatewayId();
    long mine = azure.arm.peerings(providerVnetId(peering.network())).stream()
        .filter(p -> p.path("name").asText().equals(name)).count();
    long theirs = azure.arm.peerings(peering.remote().vnetResourceId()).stream()
        .filter(p -> p.path("name").asText().equals(name)).count();
    return (int) (mine + theirs);
  }

  @Override
  protected void removeCustomerSide(PeeringRef peering) {
    azure.arm.deletePeeringNow(peering.remote().vnetResourceId() + "/virtualNetworkPeerings/"
        + "causeway-" + peering.transitGatewayId());
  }

  static String providerVnetId(NetworkRef network) {
    return "/subscriptions/" + FakeAzure.PROVIDER_SUBSCRIPTION + "/resourceGroups/"
        + FakeAzure.PROVIDER_GROUP + "/providers/Microsoft.Network/virtualNetworks/causeway-"
        + network.networkId();
  }
}
