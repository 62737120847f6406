package io.causeway.provider.azure;

import static io.causeway.provider.azure.Scenarios.awaitNetwork;
import static io.causeway.provider.azure.Scenarios.awaitPeering;
import static io.causeway.provider.azure.Scenarios.customerPeeringId;
import static io.causeway.provider.azure.Scenarios.network;
import static io.causeway.provider.azure.Scenarios.peering;
import static io.causeway.provider.azure.Scenarios.providerPeeringId;
import static io.causeway.provider.azure.Scenarios.providerVnetId;
import static io.causeway.provider.azure.Scenarios.readyNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.ProviderException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Throttling, server errors, slow operations and a restart in the middle of one. */
@Timeout(60)
class AzureResilienceIT {
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
  void waitsAsAskedWhenThrottledBriefly() {
    NetworkRef network = network(provider, "throttled-briefly", "10.10.0.0/16");
    azure.arm.throttle(1, Duration.ofSeconds(1));

    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Absent.class);

    assertThat(azure.pauses).contains(Duration.ofSeconds(1));
    assertThat(azure.arm.calls("GET", providerVnetId(network))).isEqualTo(2);
  }

  @Test
  void surfacesALongRetryAfterInsteadOfWaiting() {
    NetworkRef network = network(provider, "throttled", "10.10.0.0/16");
    azure.arm.throttle(5, Duration.ofSeconds(30));

    assertThatThrownBy(() -> provider.observeNetwork(network))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
          assertThat(e.getMessage()).contains("429").contains("TooManyRequests");
        });
    assertThat(azure.arm.calls("GET", providerVnetId(network))).isEqualTo(1);
    assertThat(azure.pauses).doesNotContain(Duration.ofSeconds(30));
  }

  @Test
  void retriesServerErrorsAndGivesUpAfterThreeAttempts() {
    NetworkRef network = network(provider, "server-errors", "10.10.0.0/16");
    azure.arm.serverErrors(2, 503);
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Absent.class);

    azure.arm.serverErrors(10, 500);
    assertThatThrownBy(() -> provider.observeNetwork(network))
        .isInstanceOfSatisfying(ProviderException.class, e ->
            assertThat(e.getMessage()).contains("500").contains("InternalServerError"));
    assertThat(azure.arm.calls("GET", providerVnetId(network))).isEqualTo(6);
  }

  @Test
  void pollsOperationsAsOftenAsAzureAsks() {
    azure.arm.operationsTakePolls(3).pollRetryAfter(Duration.ofSeconds(2));
    NetworkRef network = network(provider, "slow", "10.10.0.0/16");

    provider.createNetwork(network);

    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Ready.class);
    assertThat(azure.pauses.stream().filter(Duration.ofSeconds(2)::equals).count())
        .isGreaterThanOrEqualTo(3);
    assertThat(azure.arm.callsContaining("GET", "/operations/")).isEqualTo(3);
  }

  @Test
  void reportsAnOperationAzureFailedWithAzuresReason() {
    azure.arm.failOperations(1, "InternalServerError", "An error occurred in the region.");
    NetworkRef network = network(provider, "failed-op", "10.10.0.0/16");

    assertThatThrownBy(() -> provider.createNetwork(network))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("InternalServerError: An error occurred in the region.");
    assertThat(provider.observeNetwork(network)).isInstanceOfSatisfying(
        NetworkObservation.Failed.class,
        f -> assertThat(f.reason()).contains("causeway-" + network.networkId()));

    provider.createNetwork(network);
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Ready.class);
    assertThat(azure.arm.calls("PUT", providerVnetId(network))).isEqualTo(2);
  }

  @Test
  void rewritesAPeeringSideWhoseOperationFailed() {
    NetworkRef network = readyNetwork(provider, "failed-peering", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "failed-peering");
    azure.arm.failOperations(1, "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet",
        "Cannot create or update peering: address space overlaps with an already peered vnet.");

    assertThatThrownBy(() -> provider.createPeering(peering))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("VnetAddressSpaceOverlapsWithAlreadyPeeredVnet");
    assertThat(provider.observePeering(peering)).isInstanceOfSatisfying(
        PeeringObservation.Degraded.class,
        d -> assertThat(d.reason()).contains("failed to provision the provider side"));

    provider.createPeering(peering);
    awaitPeering(provider, peering, PeeringObservation.Connected.class);
    assertThat(azure.arm.calls("PUT", providerPeeringId(peering))).isEqualTo(2);
  }

  @Test
  void aNewProviderConvergesANetworkWhoseCreationWasInterrupted() {
    azure.arm.holdOperations();
    NetworkProvider crashed = azure.provider(azure.environment(), Duration.ofMillis(50));
    NetworkRef network = network(crashed, "restart", "10.10.0.0/16");
    crashed.createNetwork(network);
    assertThat(crashed.observeNetwork(network))
        .isInstanceOf(NetworkObservation.InProgress.class);

    NetworkProvider restarted = azure.provider();
    restarted.createNetwork(network);
    assertThat(restarted.observeNetwork(network))
        .isInstanceOf(NetworkObservation.InProgress.class);
    azure.arm.releaseOperations();

    awaitNetwork(restarted, network, NetworkObservation.Ready.class);
    assertThat(azure.arm.calls("PUT", providerVnetId(network))).isEqualTo(1);
  }

  @Test
  void aNewProviderConvergesAPeeringWhoseCreationWasInterrupted() {
    NetworkRef network = readyNetwork(provider, "restart-peering", "10.10.0.0/16");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "restart-peering");
    azure.arm.holdOperations();
    NetworkProvider crashed = azure.provider(azure.environment(), Duration.ofMillis(50));
    crashed.createPeering(peering);
    assertThat(azure.arm.calls("PUT", customerPeeringId(peering))).isZero();

    NetworkProvider restarted = azure.provider();
    restarted.createPeering(peering);
    assertThat(restarted.observePeering(peering))
        .isInstanceOf(PeeringObservation.InProgress.class);
    azure.arm.releaseOperations();
    // The reconciler's loop: observe, and create again when a side is missing.
    awaitPeering(restarted, peering, PeeringObservation.Degraded.class);
    restarted.createPeering(peering);
    awaitPeering(restarted, peering, PeeringObservation.Connected.class);

    assertThat(azure.arm.calls("PUT", providerPeeringId(peering))).isEqualTo(1);
    assertThat(azure.arm.calls("PUT", customerPeeringId(peering))).isEqualTo(1);
  }

  @Test
  void aNewProviderFinishesADeletionThatWasInterrupted() {
    NetworkRef network = readyNetwork(provider, "restart-delete", "10.10.0.0/16");
    azure.arm.holdOperations();
    NetworkProvider crashed = azure.provider(azure.environment(), Duration.ofMillis(50));
    crashed.deleteNetwork(network);

    NetworkProvider restarted = azure.provider();
    assertThat(restarted.observeNetwork(network))
        .isInstanceOf(NetworkObservation.InProgress.class);
    restarted.deleteNetwork(network);
    azure.arm.releaseOperations();

    awaitNetwork(restarted, network, NetworkObservation.Absent.class);
    assertThat(azure.arm.vnet(providerVnetId(network))).isEqualTo(Optional.empty());
  }
}
