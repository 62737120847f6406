package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProviderFactory;
import io.causeway.model.NetworkRef;
import io.causeway.model.NetworkSpec;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderException;
import io.causeway.model.ProviderSettings;
import io.causeway.provider.local.SimulatedProvider.Call;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {
  /** A clock tests move by hand. */
  static final class Hand extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  private final Hand clock = new Hand();
  private final SimulatedProvider provider = SimulatedProvider.create(clock, Duration.ofSeconds(5));
  private final NetworkRef network = new NetworkRef(UUID.randomUUID(),
      new NetworkSpec("n", SimulatedProvider.ACCOUNT_ID, "local", List.of("local-1"),
          "10.8.0.0/16"));

  private PeeringRef peering(String tenant, String vnet) {
    return new PeeringRef(UUID.randomUUID(), network,
        new AzureVnetPeering(tenant, "b2c3d4e5-f6a7-8901-bcde-f12345678901", "rg", vnet));
  }

  @Test
  void isRegisteredForTheServiceLoaderAndLabelledSimulated() {
    NetworkProviderFactory factory = ServiceLoader.load(NetworkProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("simulated"))
        .findFirst()
        .orElseThrow();
    var available = factory.create(
        new ProviderSettings(Path.of("."), Map.of(), Duration.ofSeconds(1))).asOptional();
    assertThat(available).isPresent();
    var account = available.get().account();
    assertThat(account.provider()).isEqualTo("azure");
    assertThat(account.providerAccountId()).isEqualTo("simulated");
    assertThat(account.label()).containsIgnoringCase("simulated");
    assertThat(available.get().regions().getFirst().availabilityZones())
        .containsExactly("local-1", "local-2", "local-3");
  }

  @Test
  void networksAdvanceAfterTheDelayAndCreateIsIdempotent() {
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Absent.class);
    provider.createNetwork(network);
    clock.advance(Duration.ofSeconds(3));
    provider.createNetwork(network);
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.InProgress.class);
    clock.advance(Duration.ofSeconds(2));
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Ready.class);
    assertThat(provider.calls(Call.CREATE_NETWORK, network.networkId())).isEqualTo(2);
  }

  @Test
  void deletingWhatIsAbsentSucceedsAndDeletionCompletesAfterTheDelay() {
    provider.deleteNetwork(network);
    provider.createNetwork(network);
    clock.advance(Duration.ofSeconds(5));
    provider.deleteNetwork(network);
    provider.deleteNetwork(network);
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.InProgress.class);
    clock.advance(Duration.ofSeconds(5));
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Absent.class);
    assertThat(provider.hasNetwork(network.networkId())).isFalse();
  }

  @Test
  void preflightFollowsTheDocumentedConventions() {
    String tenant = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    assertThat(provider.preflight(peering(tenant, "vnet"))).isInstanceOf(Preflight.Passed.class);
    assertThat(kind(provider.preflight(peering(SimulatedProvider.NO_CONSENT_TENANT, "vnet"))))
        .isEqualTo(Preflight.Kind.CONSENT_MISSING);
    assertThat(kind(provider.preflight(peering(tenant, "norole-x"))))
        .isEqualTo(Preflight.Kind.ROLE_MISSING);
    assertThat(kind(provider.preflight(peering(tenant, "missing-x"))))
        .isEqualTo(Preflight.Kind.VNET_NOT_FOUND);
    assertThat(kind(provider.preflight(peering(tenant, "overlap-x"))))
        .isEqualTo(Preflight.Kind.ADDRESS_SPACE_OVERLAP);
    provider.grantConsent(SimulatedProvider.NO_CONSENT_TENANT);
    assertThat(provider.preflight(peering(SimulatedProvider.NO_CONSENT_TENANT, "vnet")))
        .isInstanceOf(Preflight.Passed.class);
  }

  private static Preflight.Kind kind(Preflight preflight) {
    return ((Preflight.Blocked) preflight).problem().kind();
  }

  @Test
  void peeringsConnectDegradeAndAreRepairedByCreatingAgain() {
    PeeringRef ref = peering("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "vnet");
    provider.createPeering(ref);
    clock.advance(Duration.ofSeconds(5));
    assertThat(provider.observePeering(ref)).isInstanceOf(PeeringObservation.Connected.class);
    provider.degradePeering(ref.transitGatewayId());
    assertThat(provider.observePeering(ref)).isInstanceOf(PeeringObservation.Degraded.class);
    provider.createPeering(ref);
    assertThat(provider.observePeering(ref)).isInstanceOf(PeeringObservation.InProgress.class);
    clock.advance(Duration.ofSeconds(5));
    assertThat(provider.observePeering(ref)).isInstanceOf(PeeringObservation.Connected.class);
    provider.deletePeering(ref);
    clock.advance(Duration.ofSeconds(5));
    assertThat(provider.observePeering(ref)).isInstanceOf(PeeringObservation.Absent.class);
  }

  @Test
  void injectedFailuresCarryRetryAfterAndStop() {
    provider.failNext(Call.CREATE_NETWORK, 1, Optional.of(Duration.ofSeconds(7)));
    assertThatThrownBy(() -> provider.createNetwork(network))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    provider.createNetwork(network);
    assertThat(provider.hasNetwork(network.networkId())).isTrue();
  }

  @Test
  void heldProgressKeepsStepsInProgress() {
    provider.holdProgress(true);
    provider.createNetwork(network);
    clock.advance(Duration.ofMinutes(1));
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.InProgress.class);
    provider.holdProgress(false);
    assertThat(provider.observeNetwork(network)).isInstanceOf(NetworkObservation.Ready.class);
  }
}
