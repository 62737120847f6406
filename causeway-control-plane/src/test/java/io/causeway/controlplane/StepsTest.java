package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.controlplane.Outcome.Next;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.DnsMapping;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.NetworkSpec;
import io.causeway.model.NetworkState;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderException;
import io.causeway.model.ProviderRegion;
import io.causeway.model.RefusedException;
import io.causeway.model.TransitGatewayState;
import io.causeway.provider.local.SimulatedProvider;
import io.causeway.provider.local.SimulatedProvider.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The level-triggered steps against the simulated provider on a hand-moved clock. */
class StepsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimulatedProvider provider =
      SimulatedProvider.create(clock, Duration.ofSeconds(10));
  private final NetworkRef network =
      new NetworkRef(
          UUID.fromString("11111111-1111-4111-8111-111111111111"),
          new NetworkSpec("n", SimulatedProvider.ACCOUNT_ID, "local", List.of("local-1"),
              "10.8.0.0/16"));

  private PeeringRef peering(String tenant, String vnet) {
    return new PeeringRef(
        UUID.fromString("22222222-2222-4222-8222-222222222222"),
        network,
        new AzureVnetPeering(tenant, "b2c3d4e5-f6a7-8901-bcde-f12345678901", "rg", vnet));
  }

  @Test
  void aNetworkIsCreatedOnceThenPolledUntilReady() {
    Outcome first = NetworkSteps.step(provider, network, NetworkState.INITIALIZING, Optional.empty());
    assertThat(first.state()).isEqualTo("initializing");
    assertThat(first.providerRef()).contains(NetworkSteps.CREATE_REQUESTED);
    Outcome second =
        NetworkSteps.step(provider, network, NetworkState.INITIALIZING, first.providerRef());
    assertThat(second.next()).isEqualTo(Next.POLL);
    clock.advance(Duration.ofSeconds(10));
    Outcome ready =
        NetworkSteps.step(provider, network, NetworkState.INITIALIZING, second.providerRef());
    assertThat(ready.state()).isEqualTo("ready");
    assertThat(ready.next()).isEqualTo(Next.RESYNC);
    assertThat(provider.calls(Call.CREATE_NETWORK, network.networkId())).isEqualTo(1);
  }

  @Test
  void aTerminatingNetworkIsDeletedOnceThenTerminated() {
    provider.createNetwork(network);
    clock.advance(Duration.ofSeconds(10));
    Outcome asked = NetworkSteps.step(provider, network, NetworkState.TERMINATING, Optional.empty());
    assertThat(asked.providerRef()).contains(NetworkSteps.DELETE_REQUESTED);
    Outcome waiting =
        NetworkSteps.step(provider, network, NetworkState.TERMINATING, asked.providerRef());
    assertThat(waiting.state()).isEqualTo("terminating");
    clock.advance(Duration.ofSeconds(10));
    Outcome gone =
        NetworkSteps.step(provider, network, NetworkState.TERMINATING, waiting.providerRef());
    assertThat(gone.state()).isEqualTo("terminated");
    assertThat(provider.calls(Call.DELETE_NETWORK, network.networkId())).isEqualTo(1);
  }

  @Test
  void anOfflineNetworkIsLeftAlone() {
    Outcome parked = NetworkSteps.step(provider, network, NetworkState.OFFLINE, Optional.empty());
    assertThat(parked.next()).isEqualTo(Next.PARK);
    assertThat(provider.hasNetwork(network.networkId())).isFalse();
  }

  @Test
  void aPeeringWaitsForItsNetwork() {
    Outcome waiting = PeeringSteps.step(provider, peering("a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        "vnet"), TransitGatewayState.CREATED, NetworkState.INITIALIZING, Optional.empty());
    assertThat(waiting.state()).isEqualTo("created");
    assertThat(waiting.metadata().reportedStatus()).isEqualTo("WAITING_FOR_NETWORK");
  }

  @Test
  void missingConsentIsPendingUserActionWithBackoff() {
    Outcome pending = PeeringSteps.step(provider,
        peering(SimulatedProvider.NO_CONSENT_TENANT, "vnet"), TransitGatewayState.CREATED,
        NetworkState.READY, Optional.empty());
    assertThat(pending.state()).isEqualTo("pending-user-action");
    assertThat(pending.next()).isEqualTo(Next.BACKOFF);
    assertThat(pending.metadata().reason()).contains("consent");
  }

  @Test
  void missingRoleIsPendingUserActionAndOverlapIsAnError() {
    String tenant = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    assertThat(PeeringSteps.step(provider, peering(tenant, "norole-vnet"),
        TransitGatewayState.CREATED, NetworkState.READY, Optional.empty()).state())
        .isEqualTo("pending-user-action");
    Outcome overlap = PeeringSteps.step(provider, peering(tenant, "overlap-vnet"),
        TransitGatewayState.CREATED, NetworkState.READY, Optional.empty());
    assertThat(overlap.state()).isEqualTo("error");
    assertThat(overlap.metadata().reason()).contains("10.8.0.0/16");
  }

  @Test
  void aPassedPreflightCreatesThePeeringOnceUntilConnected() {
    PeeringRef ref = peering("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "vnet");
    Outcome asked = PeeringSteps.step(provider, ref, TransitGatewayState.CREATED,
        NetworkState.READY, Optional.empty());
    assertThat(asked.state()).isEqualTo("initializing");
    Outcome polling = PeeringSteps.step(provider, ref, TransitGatewayState.INITIALIZING,
        NetworkState.READY, asked.providerRef());
    assertThat(polling.next()).isEqualTo(Next.POLL);
    clock.advance(Duration.ofSeconds(10));
    Outcome ready = PeeringSteps.step(provider, ref, TransitGatewayState.INITIALIZING,
        NetworkState.READY, polling.providerRef());
    assertThat(ready.state()).isEqualTo("ready");
    assertThat(provider.calls(Call.CREATE_PEERING, ref.transitGatewayId())).isEqualTo(1);
    assertThat(provider.calls(Call.PREFLIGHT, ref.transitGatewayId())).isEqualTo(1);
  }

  @Test
  void preflightWarningsAreAppendedToTheRecordedReason() {
    assertThat(PeeringSteps.withWarnings("access verified; peering requested",
            new Preflight.Passed(List.of("DNS server 192.168.1.53 lies outside", "second"))))
        .isEqualTo("access verified; peering requested; warning: DNS server 192.168.1.53 lies"
            + " outside; warning: second");
    assertThat(PeeringSteps.withWarnings("verified", new Preflight.Passed())).isEqualTo("verified");
  }

  @Test
  void dnsWarningsAreRecordedWhilePeeringAndStayOnceReady() {
    NetworkProvider warning = new WarningProvider(provider, "DNS server 192.168.1.53 is outside");
    PeeringRef plain = peering("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "vnet");
    PeeringRef ref = new PeeringRef(plain.transitGatewayId(), plain.network(), plain.remote(),
        List.of(new DnsMapping(List.of("192.168.1.53"), List.of("corp.example"))));
    Outcome asked = PeeringSteps.step(warning, ref, TransitGatewayState.CREATED,
        NetworkState.READY, Optional.empty());
    assertThat(asked.metadata().reason())
        .isEqualTo("access verified; peering requested; warning: DNS server 192.168.1.53 is"
            + " outside");
    clock.advance(Duration.ofSeconds(10));
    Outcome ready = PeeringSteps.step(warning, ref, TransitGatewayState.INITIALIZING,
        NetworkState.READY, asked.providerRef());
    assertThat(ready.state()).isEqualTo("ready");
    assertThat(ready.metadata().reason()).isEqualTo("warning: DNS server 192.168.1.53 is outside");
    Outcome quiet = PeeringSteps.step(warning, plain, TransitGatewayState.READY,
        NetworkState.READY, ready.providerRef());
    assertThat(quiet.metadata().reason()).isEmpty();
  }

  @Test
  void aPeeringWriteRefusedAfterAPassedPreflightIsPendingUserActionWithTheRemedy() {
    PeeringRef ref = peering("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "vnet");
    String command = "az role assignment create --role \"Causeway Peering Creator\"";
    RefusingProvider refusing = new RefusingProvider(provider, new RefusedException(
        new Preflight.Problem(Preflight.Kind.ROLE_MISSING, "LINKED_AUTHORIZATION_FAILED",
            "no peering role; assign it with: " + command)));

    Outcome pending = PeeringSteps.step(refusing, ref, TransitGatewayState.CREATED,
        NetworkState.READY, Optional.empty());

    assertThat(pending.state()).isEqualTo("pending-user-action");
    assertThat(pending.metadata().reportedStatus()).isEqualTo("LINKED_AUTHORIZATION_FAILED");
    assertThat(pending.metadata().reason()).contains(command);
    assertThat(pending.next()).isEqualTo(Next.BACKOFF);

    refusing.refusal = Optional.empty();
    Outcome proceeding = PeeringSteps.step(refusing, ref, TransitGatewayState.PENDING_USER_ACTION,
        NetworkState.READY, pending.providerRef());
    assertThat(proceeding.state()).isEqualTo("initializing");
    assertThat(proceeding.providerRef()).contains(NetworkSteps.CREATE_REQUESTED);
  }

  @Test
  void aRepairRefusedForAMissingVnetIsAnError() {
    PeeringRef ref = peering("a1b2c3d4-e5f6-7890-abcd-ef1234567890", "vnet");
    provider.createPeering(ref);
    clock.advance(Duration.ofSeconds(10));
    RefusingProvider refusing = new RefusingProvider(provider, new RefusedException(
        new Preflight.Problem(Preflight.Kind.VNET_NOT_FOUND, "RESOURCE_NOT_FOUND",
            "VNET vnet was not found")));
    refusing.degraded = true;

    Outcome error = PeeringSteps.step(refusing, ref, TransitGatewayState.READY,
        NetworkState.READY, Optional.empty());

    assertThat(error.state()).isEqualTo("error");
    assertThat(error.metadata().reason()).isEqualTo("VNET vnet was not found");
  }

  @Test
  void aNetworkTheProviderFailedToProvisionIsWrittenAgainWithBackoff() {
    FailingNetworkProvider failing = new FailingNetworkProvider(provider);
    failing.failure = Optional.of(new NetworkObservation.Failed("PROVISIONING_FAILED",
        "Azure reports provisioning of VNET causeway-n as Failed (InternalServerError: boom)"));
    failing.createFailure = Optional.of(new ProviderException(
        "ARM answered 429 TooManyRequests", Optional.of(Duration.ofSeconds(30)), null));

    Outcome stillFailing = NetworkSteps.step(failing, network, NetworkState.INITIALIZING,
        Optional.empty());

    assertThat(stillFailing.state()).isEqualTo("initializing");
    assertThat(stillFailing.metadata().reportedStatus()).isEqualTo("PROVISIONING_FAILED");
    assertThat(stillFailing.metadata().reason()).contains("InternalServerError: boom")
        .contains("429 TooManyRequests");
    assertThat(stillFailing.next()).isEqualTo(Next.BACKOFF);
    assertThat(stillFailing.retryAfter()).contains(Duration.ofSeconds(30));

    failing.createFailure = Optional.empty();
    Outcome rewritten = NetworkSteps.step(failing, network, NetworkState.INITIALIZING,
        stillFailing.providerRef());
    assertThat(rewritten.next()).isEqualTo(Next.BACKOFF);
    assertThat(rewritten.metadata().reason()).endsWith("provisioning requested again");
    assertThat(failing.creates).isEqualTo(2);

    failing.failure = Optional.empty();
    clock.advance(Duration.ofSeconds(10));
    Outcome ready = NetworkSteps.step(failing, network, NetworkState.INITIALIZING,
        rewritten.providerRef());
    assertThat(ready.state()).isEqualTo("ready");
  }

  /** The simulated provider, except that creating a peering is refused while asked to. */
  private static final class RefusingProvider extends Delegating {
    Optional<RefusedException> refusal;
    boolean degraded;

    RefusingProvider(NetworkProvider inner, RefusedException refusal) {
      super(inner);
      this.refusal = Optional.of(refusal);
    }

    @Override
    public PeeringObservation observePeering(PeeringRef peering) {
      return degraded
          ? new PeeringObservation.Degraded("the customer side was deleted")
          : super.observePeering(peering);
    }

    @Override
    public void createPeering(PeeringRef peering) {
      if (refusal.isPresent()) {
        throw refusal.get();
      }
      super.createPeering(peering);
    }
  }

  /** The simulated provider, except that the network observes as failed while asked to. */
  private static final class FailingNetworkProvider extends Delegating {
    Optional<NetworkObservation.Failed> failure = Optional.empty();
    Optional<ProviderException> createFailure = Optional.empty();
    int creates;

    FailingNetworkProvider(NetworkProvider inner) {
      super(inner);
    }

    @Override
    public NetworkObservation observeNetwork(NetworkRef network) {
      return failure.<NetworkObservation>map(f -> f).orElseGet(() -> super.observeNetwork(network));
    }

    @Override
    public void createNetwork(NetworkRef network) {
      creates++;
      if (createFailure.isPresent()) {
        throw createFailure.get();
      }
      super.createNetwork(network);
    }
  }

  /** Passes every call to another provider. */
  private abstract static class Delegating implements NetworkProvider {
    private final NetworkProvider inner;

    Delegating(NetworkProvider inner) {
      this.inner = inner;
    }

    @Override
    public Preflight preflight(PeeringRef peering) {
      return inner.preflight(peering);
    }

    @Override
    public ProviderAccount account() {
      return inner.account();
    }

    @Override
    public List<ProviderRegion> regions() {
      return inner.regions();
    }

    @Override
    public void createNetwork(NetworkRef network) {
      inner.createNetwork(network);
    }

    @Override
    public NetworkObservation observeNetwork(NetworkRef network) {
      return inner.observeNetwork(network);
    }

    @Override
    public void deleteNetwork(NetworkRef network) {
      inner.deleteNetwork(network);
    }

    @Override
    public void createPeering(PeeringRef peering) {
      inner.createPeering(peering);
    }

    @Override
    public PeeringObservation observePeering(PeeringRef peering) {
      return inner.observePeering(peering);
    }

    @Override
    public void deletePeering(PeeringRef peering) {
      inner.deletePeering(peering);
    }
  }

  /** The simulated provider, except that a passed preflight of a dns_config carries a warning. */
  private record WarningProvider(NetworkProvider inner, String warning) implements NetworkProvider {
    @Override
    public Preflight preflight(PeeringRef peering) {
      Preflight result = inner.preflight(peering);
      return result instanceof Preflight.Passed && !peering.dnsConfig().isEmpty()
          ? new Preflight.Passed(List.of(warning))
          : result;
    }

    @Override
    public ProviderAccount account() {
      return inner.account();
    }

    @Override
    public List<ProviderRegion> regions() {
      return inner.regions();
    }

    @Override
    public void createNetwork(NetworkRef network) {
      inner.createNetwork(network);
    }

    @Override
    public NetworkObservation observeNetwork(NetworkRef network) {
      return inner.observeNetwork(network);
    }

    @Override
    public void deleteNetwork(NetworkRef network) {
      inner.deleteNetwork(network);
    }

    @Override
    public void createPeering(PeeringRef peering) {
      inner.createPeering(peering);
    }

    @Override
    public PeeringObservation observePeering(PeeringRef peering) {
      return inner.observePeering(peering);
    }

    @Override
    public void deletePeering(PeeringRef peering) {
      inner.deletePeering(peering);
    }
  }
}
