package io.causeway.provider.azure;

import static io.causeway.provider.azure.Scenarios.awaitPeering;
import static io.causeway.provider.azure.Scenarios.peering;
import static io.causeway.provider.azure.Scenarios.readyNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.causeway.model.AzureSetup;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.RefusedException;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Refusals that only the write shows, after a passed preflight: each is a {@link
 * RefusedException} carrying the same precise problem a blocked preflight would, so the
 * reconciler records {@code pending-user-action} or {@code error} instead of retrying blindly.
 */
@Timeout(60)
class AzureWriteRefusalsIT {
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

  private String assignmentCommand(AzureVnetPeering remote) {
    return AzureSetup.of(remote, FakeAzure.APP, AzureSetup.roleNameForSubscription(
        AzureSetup.DEFAULT_ROLE_NAME, FakeAzure.CUSTOMER_SUBSCRIPTION)).roleAssignmentCommand();
  }

  @Test
  void aReadOnlyRoleThatPassesThePreflightIsRefusedWithTheAssignmentCommand() {
    NetworkRef network = readyNetwork(provider, "read-only", "10.10.0.0/16");
    AzureVnetPeering remote = azure.bareCustomerVnet("10.20.0.0/16");
    azure.arm.grantConsent(FakeAzure.CUSTOMER_TENANT);
    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        Set.of("Microsoft.Network/virtualNetworks/read"));
    PeeringRef peering = peering(network, remote, "read-only");
    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);

    RefusedException refused =
        catchThrowableOfType(RefusedException.class, () -> provider.createPeering(peering));

    assertThat(refused.problem().kind()).isEqualTo(Preflight.Kind.ROLE_MISSING);
    assertThat(refused.problem().isUserAction()).isTrue();
    assertThat(refused.problem().reportedStatus()).isEqualTo("LINKED_AUTHORIZATION_FAILED");
    assertThat(refused.problem().reason()).contains(assignmentCommand(remote))
        .contains("Microsoft.Network/virtualNetworks/peer/action");

    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        AzureSetup.ROLE_ACTIONS);
    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
  }

  @Test
  void aRoleRemovedBetweenPreflightAndWriteIsPendingUserAction() {
    NetworkRef network = readyNetwork(provider, "role-removed", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "role-removed");
    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);

    azure.arm.removeRoleAssignments(FakeAzure.CUSTOMER_TENANT);
    RefusedException refused =
        catchThrowableOfType(RefusedException.class, () -> provider.createPeering(peering));

    assertThat(refused.problem().kind()).isEqualTo(Preflight.Kind.ROLE_MISSING);
    assertThat(refused.problem().reason()).contains(assignmentCommand(remote));
    assertThat(azure.arm.peerings(Scenarios.providerVnetId(network))).isEmpty();
  }

  @Test
  void aRoleRemovedAfterTheProviderSideWasWrittenIsRefusedOnTheCustomerSide() {
    NetworkRef network = readyNetwork(provider, "half", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "half");
    azure.arm.holdOperations();
    NetworkProvider impatient = azure.provider(azure.environment(), java.time.Duration.ZERO);
    impatient.createPeering(peering);
    azure.arm.releaseOperations();
    // Only the customer's peer/action stays: reading their VNET works, writing it does not.
    azure.arm.removeRoleAssignments(FakeAzure.CUSTOMER_TENANT);
    azure.arm.assignRole(FakeAzure.CUSTOMER_TENANT, remote.vnetResourceId(),
        Set.of("Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read",
            "Microsoft.Network/virtualNetworks/peer/action"));

    RefusedException refused =
        catchThrowableOfType(RefusedException.class, () -> provider.createPeering(peering));

    assertThat(refused.problem().reportedStatus()).isEqualTo("AUTHORIZATION_FAILED");
    assertThat(refused.problem().reason()).contains(assignmentCommand(remote))
        .contains("virtualNetworkPeerings/write");
  }

  @Test
  void consentRevokedBetweenPreflightAndWriteIsPendingUserActionWithTheConsentUrl() {
    NetworkRef network = readyNetwork(provider, "consent-revoked", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "consent-revoked");
    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);

    azure.arm.deleteServicePrincipal(FakeAzure.CUSTOMER_TENANT);
    // A fresh provider holds no cached customer token, as after the token expired.
    NetworkProvider later = azure.provider();
    RefusedException refused =
        catchThrowableOfType(RefusedException.class, () -> later.createPeering(peering));

    assertThat(refused.problem().kind()).isEqualTo(Preflight.Kind.CONSENT_MISSING);
    assertThat(refused.problem().reason()).contains("AADSTS7000229")
        .contains("/" + FakeAzure.CUSTOMER_TENANT + "/adminconsent?client_id=" + FakeAzure.APP);
  }

  @Test
  void aVnetDeletedBetweenPreflightAndWriteIsAnErrorNamingIt() {
    NetworkRef network = readyNetwork(provider, "vnet-gone", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "vnet-gone");
    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);

    assertThat(azure.arm.deleteVnetNow(remote.vnetResourceId())).isTrue();
    RefusedException refused =
        catchThrowableOfType(RefusedException.class, () -> provider.createPeering(peering));

    assertThat(refused.problem().kind()).isEqualTo(Preflight.Kind.VNET_NOT_FOUND);
    assertThat(refused.problem().isUserAction()).isFalse();
    assertThat(refused.problem().reason()).contains(remote.vnetResourceId());
  }
}
