package io.causeway.provider.azure;

import static io.causeway.provider.azure.Scenarios.peering;
import static io.causeway.provider.azure.Scenarios.providerVnetId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderException;
import io.causeway.testkit.FakeArm.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #10's Azure faults, one provider call at a time, on a virtual clock: ARM answers 429 (with
 * {@code Retry-After}), 500 and time-outs for a whole minute. Every call stays cheap (a bounded
 * number of requests, a time-out is not repeated in place), hands ARM's {@code Retry-After} to the
 * reconciler, and the peering converges once ARM is back. The reconciler's side (jittered
 * exponential backoff between calls, {@code Retry-After} as a floor) runs for real in {@code
 * io.causeway.controlplane.AzureReconcilerFaultsIT}.
 */
@Timeout(120)
class AzureFaultsIT {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

  VirtualClock clock;
  FakeAzure azure;
  NetworkProvider provider;
  final List<Duration> pauses = new ArrayList<>();

  @BeforeEach
  void start() {
    clock = new VirtualClock(Instant.now());
    azure = new FakeAzure(clock);
    // In-place waits move the virtual clock instead of sleeping.
    Pause pause = d -> {
      synchronized (pauses) {
        pauses.add(d);
      }
      clock.advance(d);
    };
    provider = azure.provider(clock, pause, new ArmClient.Timing(Duration.ofSeconds(5),
        Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(1), REQUEST_TIMEOUT),
        Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  @Test
  void aMinuteOf429And500AndTimeOutsCostsFewRequestsAndThePeeringConvergesAfterwards() {
    NetworkRef network = readyNetwork("outage");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "outage");
    Instant end = clock.instant().plus(MINUTE);
    azure.arm.outage(MINUTE, RETRY_AFTER, Duration.ofSeconds(3),
        List.of(Fault.THROTTLE, Fault.SERVER_ERROR, Fault.TIMEOUT));
    int before = azure.arm.requests().size();
    synchronized (pauses) {
      pauses.clear();
    }

    // What the reconciler does meanwhile: one step, then wait at least what the failure asked.
    List<ProviderException> failures = new ArrayList<>();
    int calls = 0;
    while (clock.instant().isBefore(end)) {
      calls++;
      int sent = azure.arm.requests().size();
      Optional<ProviderException> failure = attempt(() -> provider.observePeering(peering));
      assertThat(azure.arm.requests().size() - sent).as("requests of one call")
          .isLessThanOrEqualTo(3);
      failure.ifPresent(failures::add);
      clock.advance(failure.flatMap(ProviderException::retryAfter)
          .filter(RETRY_AFTER::equals).orElse(Duration.ofSeconds(5)));
    }

    // Only a call whose in-place wait crossed the end of the outage may have succeeded.
    assertThat(failures.size()).isGreaterThanOrEqualTo(calls - 1);
    assertThat(failures).anySatisfy(e -> {
      assertThat(e.retryAfter()).contains(RETRY_AFTER);
      assertThat(e.getMessage()).contains("429").contains("TooManyRequests");
    });
    assertThat(failures).anySatisfy(e -> assertThat(e.getMessage()).contains("did not answer"));
    // Azure asked for 10 s: never waited in place (that is the reconciler's job). The only
    // waits in place are after a 500: a jittered 0.5-1 s, different each time.
    assertThat(pauses).isNotEmpty().allSatisfy(d ->
        assertThat(d).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)));
    assertThat(pauses.stream().distinct().count()).isEqualTo(pauses.size());
    assertThat(azure.arm.outageHits(Fault.THROTTLE)).isPositive();
    assertThat(azure.arm.outageHits(Fault.SERVER_ERROR)).isPositive();
    assertThat(azure.arm.outageHits(Fault.TIMEOUT)).isPositive();
    // A minute with a step at least every 5 s: no more than 3 requests per step.
    assertThat(azure.arm.requests().size() - before).isLessThanOrEqualTo(3 * calls);
    assertThat(calls).isLessThanOrEqualTo(13);

    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);
    provider.createPeering(peering);
    converge(peering);
    assertThat(azure.arm.calls("PUT", Scenarios.providerPeeringId(peering))).isEqualTo(1);
    assertThat(azure.arm.calls("PUT", Scenarios.customerPeeringId(peering))).isEqualTo(1);
  }

  @Test
  void anOutageInTheMiddleOfCreatingAPeeringLeavesNoDuplicatesAndConverges() {
    NetworkRef network = readyNetwork("mid-create");
    AzureVnetPeering remote = azure.customerVnet("10.20.0.0/16");
    PeeringRef peering = peering(network, remote, "mid-create");
    assertThat(provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);
    // The provider side is written, then ARM fails every request (its operation polls too).
    azure.arm.holdOperations();
    NetworkProvider impatient = azure.provider(clock, d -> clock.advance(d),
        new ArmClient.Timing(Duration.ofSeconds(5), Duration.ofMillis(500),
            Duration.ofSeconds(30), Duration.ofSeconds(1), REQUEST_TIMEOUT),
        Duration.ZERO);
    impatient.createPeering(peering);
    azure.arm.outage(MINUTE, RETRY_AFTER, Duration.ofSeconds(3),
        List.of(Fault.SERVER_ERROR, Fault.THROTTLE, Fault.TIMEOUT));
    azure.arm.releaseOperations();

    int failures = 0;
    for (int step = 0; step < 15; step++) {
      if (attempt(() -> {
        if (!(provider.observePeering(peering) instanceof PeeringObservation.Connected)) {
          provider.createPeering(peering);
        }
        return null;
      }).isPresent()) {
        failures++;
      }
      clock.advance(Duration.ofSeconds(5));
    }

    assertThat(failures).isBetween(10, 15);
    converge(peering);
    assertThat(azure.arm.calls("PUT", Scenarios.providerPeeringId(peering))).isEqualTo(1);
    assertThat(azure.arm.calls("PUT", Scenarios.customerPeeringId(peering))).isEqualTo(1);
  }

  @Test
  void aVnetAzureFailedToProvisionIsWrittenAgainUntilAzureRecovers() {
    NetworkRef network = Scenarios.network(provider, "failed-vnet", "10.10.0.0/16");
    azure.arm.failOperations(3, "InternalServerError", "An error occurred in region eastus2.");

    // What the reconciler does: create, then on every Failed observation write it again.
    Optional<ProviderException> first = attempt(() -> {
      provider.createNetwork(network);
      return null;
    });
    assertThat(first).hasValueSatisfying(e -> assertThat(e.getMessage())
        .contains("InternalServerError: An error occurred in region eastus2."));
    List<String> reasons = new ArrayList<>();
    NetworkObservation observed;
    while ((observed = observe(network)) instanceof NetworkObservation.Failed f) {
      reasons.add(f.reason());
      attempt(() -> {
        provider.createNetwork(network);
        return null;
      });
    }

    assertThat(observed).isInstanceOf(NetworkObservation.Ready.class);
    assertThat(reasons).hasSize(3).allSatisfy(r -> assertThat(r)
        .contains("causeway-" + network.networkId())
        .contains("(InternalServerError: An error occurred in region eastus2.)")
        .contains("writes it again"));
    assertThat(azure.arm.calls("PUT", providerVnetId(network))).isEqualTo(4);
  }

  /**
   * A ready network, made before any fault; retried should a request of this busy test machine
   * outlast the short request time-out (creating is idempotent).
   */
  private NetworkRef readyNetwork(String label) {
    NetworkRef network = Scenarios.network(provider, label, "10.10.0.0/16");
    await().atMost(Duration.ofSeconds(30)).ignoreException(ProviderException.class)
        .until(() -> {
          provider.createNetwork(network);
          return provider.observeNetwork(network) instanceof NetworkObservation.Ready;
        });
    return network;
  }

  /** The network as observed, retried past a slow answer outside any injected fault. */
  private NetworkObservation observe(NetworkRef network) {
    return await().atMost(Duration.ofSeconds(30)).ignoreException(ProviderException.class)
        .until(() -> provider.observeNetwork(network), o -> true);
  }

  /** Observes and repairs as the reconciler would, until both sides are connected. */
  private void converge(PeeringRef peering) {
    for (int step = 0; step < 20; step++) {
      PeeringObservation observed = provider.observePeering(peering);
      if (observed instanceof PeeringObservation.Connected) {
        return;
      }
      if (observed instanceof PeeringObservation.Degraded
          || observed instanceof PeeringObservation.Absent) {
        provider.createPeering(peering);
      }
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(provider.observePeering(peering)).isInstanceOf(PeeringObservation.Connected.class);
  }

  private static Optional<ProviderException> attempt(Supplier<?> call) {
    try {
      call.get();
      return Optional.empty();
    } catch (ProviderException e) {
      return Optional.of(e);
    }
  }
}
