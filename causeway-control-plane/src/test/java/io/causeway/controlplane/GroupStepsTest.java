package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneLaunch;
import io.causeway.model.DataPlaneObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.ProviderException;
import io.causeway.provider.local.SimulatedProvider;
import io.causeway.store.ConfigurationRow;
import io.causeway.store.ControlPlaneRow;
import io.causeway.store.NetworkRow;
import io.causeway.store.OrganizationRow;
import io.causeway.store.Store;
import io.causeway.store.StoreSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a stored group becomes the provider's {@link DataPlaneGroupRef}, and how often a group
 * whose placement keeps failing is tried (on a hand-moved clock, against an in-memory store).
 */
class GroupStepsTest {
  private static final UUID CONTROL_PLANE = UUID.fromString("c0000000-0000-4000-8000-000000000001");
  private static final NetworkRow NETWORK = NetworkRow.create(
      UUID.fromString("a0000000-0000-4000-8000-000000000001"),
      UUID.fromString("b0000000-0000-4000-8000-000000000001"), "prod",
      SimulatedProvider.ACCOUNT_ID.toString(), "local", "[\"local-1\"]", "10.8.0.0/16", false,
      "ready");

  @Test
  void aStaticGroupAsksForItsRequestedInstancesAndAnAutopilotGroupForOne() {
    String id = "d0000000-0000-4000-8000-000000000001";
    var fixed = Json.read("""
        {"id": "%s", "autoscale": {"kind": "static", "instance_type": "small",
                                   "requested_instances": 3}}""".formatted(id));
    var autopilot = Json.read("""
        {"id": "%s", "autoscale": {"kind": "autopilot", "base_rps": 100}}""".formatted(id));

    DataPlaneGroupRef ref = GroupSteps.ref(fixed, CONTROL_PLANE, NETWORK);

    assertThat(ref.instances()).isEqualTo(3);
    assertThat(ref.groupId()).isEqualTo(UUID.fromString(id));
    assertThat(ref.controlPlaneId()).isEqualTo(CONTROL_PLANE);
    assertThat(ref.network().networkId()).isEqualTo(NETWORK.id());
    assertThat(ref.network().spec().cidrBlock()).isEqualTo("10.8.0.0/16");
    assertThat(GroupSteps.ref(autopilot, CONTROL_PLANE, NETWORK).instances()).isEqualTo(1);
  }

  private static final Duration POLL = Duration.ofMillis(100);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  @Test
  void aFailedGroupWhosePlacementThrowsCountsEachTryOnce() {
    FailingProvider provider =
        new FailingProvider(new DataPlaneObservation.Failed("node exited"), Optional.empty());

    List<Duration> gaps = tryGaps(provider, 5);

    // Without jitter the waits after 1, 2, 3, 4 failed tries are 0.5 s, 1 s, 2 s, 4 s.
    assertThat(gaps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void aFailedGroupWaitsAtLeastTheProvidersRetryAfterAndNoLongerThanItsBackoff() {
    FailingProvider provider = new FailingProvider(
        new DataPlaneObservation.Failed("node exited"), Optional.of(Duration.ofSeconds(3)));

    List<Duration> gaps = tryGaps(provider, 5);

    assertThat(gaps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3),
        Duration.ofSeconds(3), Duration.ofSeconds(4));
  }

  @Test
  void aGroupStillAbsentAfterAThrowingPlacementWaitsOutTheBackoff() {
    FailingProvider provider =
        new FailingProvider(new DataPlaneObservation.Absent(), Optional.empty());

    List<Duration> gaps = tryGaps(provider, 4);

    assertThat(gaps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2));
  }

  /**
   * Scans every {@link #POLL} until the provider saw {@code tries} placements; returns the time
   * between consecutive ones.
   */
  private List<Duration> tryGaps(FailingProvider provider, int tries) {
    GroupSteps steps = groupSteps(provider);
    for (int scan = 0; scan < 1_000 && provider.tries.size() < tries; scan++) {
      steps.pass();
      clock.advance(POLL);
    }
    assertThat(provider.tries).hasSize(tries);
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < tries; i++) {
      gaps.add(Duration.between(provider.tries.get(i - 1), provider.tries.get(i)));
    }
    return gaps;
  }

  /** One organisation, control plane, ready network and configuration with one group. */
  private GroupSteps groupSteps(NetworkProvider provider) {
    Store store = Store.open(StoreSettings.h2InMemory("group-steps-" + UUID.randomUUID()), clock);
    open.add(store);
    OrganizationRow org = store.organizations().insert(OrganizationRow.create(
        UUID.fromString("e0000000-0000-4000-8000-000000000001"), "org"));
    store.controlPlanes().insert(ControlPlaneRow.create(CONTROL_PLANE, org.id(), "cp",
        Optional.empty(), "CLUSTER_TYPE_CONTROL_PLANE", "{}", true));
    NetworkRow network = store.networks().insert(NetworkRow.create(NETWORK.id(), org.id(),
        "prod", SimulatedProvider.ACCOUNT_ID.toString(), "local", "[\"local-1\"]",
        "10.8.0.0/16", false, "ready"));
    String document = """
        {"dataplane_groups": [{"id": "d0000000-0000-4000-8000-000000000002",
          "cloud_gateway_network_id": "%s",
          "autoscale": {"kind": "static", "requested_instances": 1}}]}
        """.formatted(network.id());
    store.configurations().upsert(ConfigurationRow.create(
        UUID.fromString("f0000000-0000-4000-8000-000000000001"), org.id(), CONTROL_PLANE, "us",
        document, List.of(network.id())));
    Timings timings = new Timings(POLL, Duration.ofSeconds(60), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofSeconds(30), POLL);
    // A generator that always draws 0 takes the jitter out: each wait is half its ceiling.
    RandomGenerator noJitter = () -> 0L;
    Backoff backoff = new Backoff(timings.backoffBase(), timings.backoffMax(), noJitter);
    DataPlaneLaunch launch =
        new DataPlaneLaunch(7000, List.of("causeway"), () -> "cwj1.test-token");
    return new GroupSteps(store, AccountProviders.of(List.of(provider)), clock, timings, backoff,
        (controlPlane, networkId) -> Optional.of(launch));
  }

  /** The simulated provider's networks; every placement fails and the group is seen as given. */
  private final class FailingProvider extends SimulatedNetworks {
    final List<Instant> tries = new CopyOnWriteArrayList<>();
    private final DataPlaneObservation observed;
    private final Optional<Duration> retryAfter;

    FailingProvider(DataPlaneObservation observed, Optional<Duration> retryAfter) {
      super(SimulatedProvider.create(clock, Duration.ZERO));
      this.observed = observed;
      this.retryAfter = retryAfter;
    }

    @Override
    public void placeDataPlanes(DataPlaneGroupRef group, DataPlaneLaunch launch) {
      tries.add(clock.instant());
      throw new ProviderException("quota exceeded", retryAfter, null);
    }

    @Override
    public DataPlaneObservation observeDataPlanes(DataPlaneGroupRef group) {
      return observed;
    }

    @Override
    public List<UUID> placedDataPlaneGroups() {
      return List.of();
    }
  }
}
