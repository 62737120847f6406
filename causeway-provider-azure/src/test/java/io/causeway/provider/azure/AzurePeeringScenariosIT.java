package io.causeway.provider.azure;

import static io.causeway.provider.azure.Scenarios.awaitPeering;
import static io.causeway.provider.azure.Scenarios.customerPeeringId;
import static io.causeway.provider.azure.Scenarios.peering;
import static io.causeway.provider.azure.Scenarios.providerPeeringId;
import static io.causeway.provider.azure.Scenarios.readyNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.model.AzureSetup;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.DnsMapping;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cross-tenant peering against the fake ARM: the happy path and every customer mistake. */
@Timeout(60)
class AzurePeeringScenariosIT {
  FakeAzure azure;
  NetworkProvider provider;

  @BeforeEach
  void start() {
    azure = new FakeAzure();
    provider = azure.provider();
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  @Test
  void peersBothSidesWithCrossTenantTokensAndConnectsOnce() {
    NetworkRef network = readyNetwork(provider, "happy", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "happy");

    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);
    assertThat(provider.observePeering(peering)).isInstanceOf(PeeringObservation.Absent.class);
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
    provider.createPeering(peering);

    assertThat(azure.arm.calls("PUT", providerPeeringId(peering))).isEqualTo(1);
    assertThat(azure.arm.calls("PUT", customerPeeringId(peering))).isEqualTo(1);
    assertThat(azure.arm.requests())
        .noneMatch(r -> r.status() == 401 || r.status() == 403 || r.status() == 400);
    JsonNode mine = azure.arm.peerings(Scenarios.providerVnetId(network)).get(0);
    assertThat(mine.path("properties").path("peeringState").asText()).isEqualTo("Connected");
    assertThat(mine.path("properties").path("remoteVirtualNetwork").path("id").asText())
        .isEqualTo(remote.vnetResourceId());
    assertThat(mine.path("properties").path("allowVirtualNetworkAccess").asBoolean()).isTrue();
    JsonNode theirs = azure.arm.peerings(remote.vnetResourceId()).get(0);
    assertThat(theirs.path("properties").path("peeringSyncLevel").asText())
        .isEqualTo("FullyInSync");
    assertThat(azure.arm.tokenRequests(FakeAzure.CUSTOMER_TENANT)).isPositive();
  }

  @Test
  void warnsAboutDnsServersOutsideTheCustomerVnetWithoutBlockingThePeering() {
    NetworkRef network = readyNetwork(provider, "dns-warn", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = new PeeringRef(Scenarios.id("peering/dns-warn"), network, remote,
        List.of(new DnsMapping(List.of("10.20.0.4", "192.168.1.53"), List.of("corp.example"))));

    Preflight result = provider.preflight(peering);

    assertThat(result).isInstanceOfSatisfying(Preflight.Passed.class, p ->
        assertThat(p.warnings()).singleElement().asString()
            .contains("192.168.1.53", "dns_config[0].remote_dns_server_ip_addresses[1]",
                "10.20.0.0/16")
            .doesNotContain("10.20.0.4"));
    assertThat(provider.preflight(peering(network, remote, "dns-warn")))
        .isEqualTo(new Preflight.Passed());
  }

  @Test
  void reportsMissingConsentWithTheConsentUrlUntilItIsGranted() {
    NetworkRef network = readyNetwork(provider, "consent", "10.10.0.0/16");
    AzureVnetPeering remote = azure.bareCustomerVnet("10.20.0.0/16");
    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        AzureSetup.ROLE_ACTIONS);
    PeeringRef peering = peering(network, remote, "consent");

    Preflight.Problem problem = blocked(provider.preflight(peering));

    assertThat(problem.kind()).isEqualTo(Preflight.Kind.CONSENT_MISSING);
    assertThat(problem.isUserAction()).isTrue();
    assertThat(problem.reason())
        // The consent page lives at the configured cloud's authority (here the fake's).
        .contains(azure.arm.authorityHost().toString().replaceAll("/+$", "") + "/"
            + FakeAzure.CUSTOMER_TENANT + "/adminconsent?client_id=" + FakeAzure.APP)
        .contains("AADSTS700016");
    assertThat(provider.observePeering(peering)).isInstanceOf(PeeringObservation.Absent.class);

    azure.arm.grantConsent(FakeAzure.CUSTOMER_TENANT);
    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
  }

  @Test
  void reportsADeletedServicePrincipalAsMissingConsent() {
    NetworkRef network = readyNetwork(provider, "sp-deleted", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    azure.arm.deleteServicePrincipal(FakeAzure.CUSTOMER_TENANT);

    Preflight.Problem problem = blocked(provider.preflight(peering(network, remote, "sp")));

    assertThat(problem.kind()).isEqualTo(Preflight.Kind.CONSENT_MISSING);
    assertThat(problem.reason()).contains("AADSTS7000229").contains("/adminconsent?client_id=");
  }

  @Test
  void reportsAMissingRoleWithTheExactAssignmentCommandUntilItIsAssigned() {
    NetworkRef network = readyNetwork(provider, "role", "10.10.0.0/16");
    AzureVnetPeering remote = azure.bareCustomerVnet("10.20.0.0/16");
    azure.arm.grantConsent(FakeAzure.CUSTOMER_TENANT);
    PeeringRef peering = peering(network, remote, "role");

    Preflight.Problem problem = blocked(provider.preflight(peering));

    String command = AzureSetup.of(remote, FakeAzure.APP, AzureSetup.roleNameForSubscription(
        AzureSetup.DEFAULT_ROLE_NAME, FakeAzure.CUSTOMER_SUBSCRIPTION)).roleAssignmentCommand();
    assertThat(problem.kind()).isEqualTo(Preflight.Kind.ROLE_MISSING);
    assertThat(problem.reportedStatus()).isEqualTo("AUTHORIZATION_FAILED");
    assertThat(problem.reason()).contains(command)
        .contains("Microsoft.Network/virtualNetworks/read");

    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        AzureSetup.ROLE_ACTIONS);
    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
  }

  @Test
  void explainsAReadOnlyRoleWhenAzureRefusesThePeerAction() {
    NetworkRef network = readyNetwork(provider, "read-only", "10.10.0.0/16");
    AzureVnetPeering remote = azure.bareCustomerVnet("10.20.0.0/16");
    azure.arm.grantConsent(FakeAzure.CUSTOMER_TENANT);
    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        Set.of("Microsoft.Network/virtualNetworks/read"));
    PeeringRef peering = peering(network, remote, "read-only");
    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);

    assertThatThrownBy(() -> provider.createPeering(peering))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("LinkedAuthorizationFailed")
        .hasMessageContaining("az role assignment create --role \"Causeway Peering Creator ("
            + FakeAzure.CUSTOMER_SUBSCRIPTION + ")\"");

    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        AzureSetup.ROLE_ACTIONS);
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
  }

  @Test
  void namesTheVnetThatWasNotFound() {
    NetworkRef network = readyNetwork(provider, "missing", "10.10.0.0/16");
    azure.arm.grantConsent(FakeAzure.CUSTOMER_TENANT);
    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT,
        "/subscriptions/" + FakeAzure.CUSTOMER_SUBSCRIPTION, AzureSetup.ROLE_ACTIONS);
    AzureVnetPeering typo = new AzureVnetPeering(FakeAzure.CUSTOMER_TENANT,
        FakeAzure.CUSTOMER_SUBSCRIPTION, FakeAzure.CUSTOMER_GROUP, "vnet-typo");

    Preflight.Problem problem = blocked(provider.preflight(peering(network, typo, "typo")));

    assertThat(problem.kind()).isEqualTo(Preflight.Kind.VNET_NOT_FOUND);
    assertThat(problem.isUserAction()).isFalse();
    assertThat(problem.reason()).contains("vnet-typo").contains(FakeAzure.CUSTOMER_GROUP)
        .contains(typo.vnetResourceId());
  }

  @Test
  void namesTheResourceGroupThatWasNotFound() {
    NetworkRef network = readyNetwork(provider, "missing-rg", "10.10.0.0/16");
    azure.arm.grantConsent(FakeAzure.CUSTOMER_TENANT);
    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT,
        "/subscriptions/" + FakeAzure.CUSTOMER_SUBSCRIPTION, AzureSetup.ROLE_ACTIONS);
    AzureVnetPeering typo = new AzureVnetPeering(FakeAzure.CUSTOMER_TENANT,
        FakeAzure.CUSTOMER_SUBSCRIPTION, "rg-typo", "vnet");

    Preflight.Problem problem = blocked(provider.preflight(peering(network, typo, "rg")));

    assertThat(problem.kind()).isEqualTo(Preflight.Kind.VNET_NOT_FOUND);
    assertThat(problem.reportedStatus()).isEqualTo("RESOURCE_GROUP_NOT_FOUND");
    assertThat(problem.reason()).contains("rg-typo").contains(FakeAzure.CUSTOMER_SUBSCRIPTION);
  }

  @Test
  void reportsOverlappingAddressSpacesWithBothRanges() {
    NetworkRef network = readyNetwork(provider, "overlap", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.10.128.0/20");
    PeeringRef peering = peering(network, remote, "overlap");

    Preflight.Problem problem = blocked(provider.preflight(peering));

    assertThat(problem.kind()).isEqualTo(Preflight.Kind.ADDRESS_SPACE_OVERLAP);
    assertThat(problem.reason()).contains("10.10.0.0/16").contains("10.10.128.0/20");
    // Azure itself refuses too, should the preflight ever be skipped.
    assertThatThrownBy(() -> provider.createPeering(peering))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("VnetAddressSpacesOverlap")
        .hasMessageContaining("10.10.128.0/20");
    assertThat(azure.arm.peerings(remote.vnetResourceId())).isEmpty();
  }

  @Test
  void restoresTheCustomerSideAfterTheCustomerDeletedIt() {
    NetworkRef network = readyNetwork(provider, "restore", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "restore");
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);

    assertThat(azure.arm.deletePeeringNow(customerPeeringId(peering))).isTrue();

    PeeringObservation observed = provider.observePeering(peering);
    assertThat(observed).isInstanceOf(PeeringObservation.Degraded.class);
    assertThat(((PeeringObservation.Degraded) observed).reason()).contains("was deleted");
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
  }

  @Test
  void resyncsAfterTheCustomerAddsAddressSpace() {
    NetworkRef network = readyNetwork(provider, "resync", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "resync");
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);

    azure.arm.changeAddressSpace(remote.vnetResourceId(), List.of("10.20.0.0/16", "10.21.0.0/16"));

    assertThat(provider.observePeering(peering)).isInstanceOf(PeeringObservation.Degraded.class);
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
    JsonNode mine = azure.arm.peerings(Scenarios.providerVnetId(network)).get(0);
    assertThat(mine.path("properties").path("remoteAddressSpace").path("addressPrefixes"))
        .extracting(JsonNode::asText).containsExactlyInAnyOrder("10.20.0.0/16", "10.21.0.0/16");
  }

  @Test
  void deletesBothSidesAndLeavesAbsent() {
    NetworkRef network = readyNetwork(provider, "delete", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "delete");
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);

    provider.deletePeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Absent.class);

    assertThat(azure.arm.peerings(remote.vnetResourceId())).isEmpty();
    assertThat(azure.arm.peerings(Scenarios.providerVnetId(network))).isEmpty();
    assertThat(azure.arm.calls("DELETE", customerPeeringId(peering))).isEqualTo(1);
  }

  @Test
  void deletingAfterConsentWasRevokedRemovesTheProviderSide() {
    NetworkRef network = readyNetwork(provider, "revoked", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "revoked");
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
    azure.arm.revokeConsent(FakeAzure.CUSTOMER_TENANT);
    NetworkProvider fresh = azure.provider();

    assertThat(fresh.observePeering(peering)).isInstanceOf(PeeringObservation.Failed.class);
    fresh.deletePeering(peering);
    awaitPeering(fresh, peering, PeeringObservation.Absent.class);
    assertThat(azure.arm.peerings(Scenarios.providerVnetId(network))).isEmpty();
  }

  static Preflight.Problem blocked(Preflight result) {
    assertThat(result).isInstanceOf(Preflight.Blocked.class);
    return ((Preflight.Blocked) result).problem();
  }
}
