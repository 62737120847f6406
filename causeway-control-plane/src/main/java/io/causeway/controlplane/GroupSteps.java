package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneLaunch;
import io.causeway.model.DataPlaneObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkState;
import io.causeway.model.ProviderException;
import io.causeway.store.ConfigurationRow;
import io.causeway.store.NetworkRow;
import io.causeway.store.OrganizationRow;
import io.causeway.store.Page;
import io.causeway.store.PageRequest;
import io.causeway.store.Store;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-triggered placement of configurations' data-plane groups (DESIGN §9): every scan compares
 * what the configurations ask for with what the providers run. A group whose network is ready is
 * placed when its provider observes nothing launched ({@link DataPlaneObservation.Absent}) or a
 * node ended ({@link DataPlaneObservation.Failed}), once the backoff of its last failed try (the
 * placement threw, or the placed node ended) has passed; a group the provider runs that
 * no configuration asks for any more, or whose network is being deleted or gone, is removed. The
 * group's state is not stored: {@link Placement} derives it from the provider's observation on
 * every read.
 *
 * <p>Scans run on the reconciler's thread, at most every {@code poll} interval or at once after an
 * API write ({@link #wake}). Placement is idempotent at the provider (nodes are adopted, never
 * duplicated), so replicas scanning at the same time are harmless.
 */
final class GroupSteps {
  private static final Logger LOG = LoggerFactory.getLogger(GroupSteps.class);
  private static final int PAGE = 200;

  /** How a provider's nodes join this control plane; empty without a cluster listener. */
  interface Launches {
    Optional<DataPlaneLaunch> forGroup(UUID controlPlaneId, UUID networkId);
  }

  /** A group some configuration asks for, with its network's row (empty when gone). */
  private record Desired(
      UUID groupId, UUID controlPlaneId, JsonNode group, Optional<NetworkRow> network) {}

  private record Failure(int attempts, Instant next) {}

  private final Store store;
  private final AccountProviders providers;
  private final Clock clock;
  private final Timings timings;
  private final Backoff backoff;
  private final Launches launches;
  private final Map<UUID, Failure> failures = new ConcurrentHashMap<>();
  private volatile Instant nextScan = Instant.MIN;
  private volatile boolean woken = true;

  GroupSteps(Store store, AccountProviders providers, Clock clock, Timings timings,
      Backoff backoff, Launches launches) {
    this.store = store;
    this.providers = providers;
    this.clock = clock;
    this.timings = timings;
    this.backoff = backoff;
    this.launches = launches;
  }

  /** Makes the next {@link #pass} scan at once (after an API write). */
  void wake() {
    woken = true;
  }

  /** Scans when due; returns how many provider actions (place, remove) it took. */
  int pass() {
    Instant now = clock.instant();
    if (!woken && now.isBefore(nextScan)) {
      return 0;
    }
    woken = false;
    nextScan = now.plus(timings.poll());
    // What runs is read before what is wanted: a group configured in between is then wanted.
    Map<NetworkProvider, List<UUID>> placed = new HashMap<>();
    for (NetworkProvider provider : providers.byAccount().values()) {
      placed.put(provider, provider.placedDataPlaneGroups());
    }
    Set<UUID> wanted = new HashSet<>();
    int actions = 0;
    for (Desired desired : desired()) {
      if (desired.network().isEmpty() || isGoing(desired.network().get())) {
        continue;
      }
      wanted.add(desired.groupId());
      actions += place(desired, now);
    }
    for (var entry : placed.entrySet()) {
      for (UUID group : entry.getValue()) {
        if (!wanted.contains(group)) {
          entry.getKey().removeDataPlanes(group);
          LOG.info("Removed the data planes of group {}: no configuration places it any more,"
              + " or its network is being deleted", group);
          actions++;
        }
      }
    }
    failures.keySet().retainAll(wanted);
    return actions;
  }

  private int place(Desired desired, Instant now) {
    NetworkRow network = desired.network().orElseThrow();
    Optional<NetworkProvider> provider = providers.forNetwork(network);
    if (provider.isEmpty() || !network.state().equals(NetworkState.READY.wire())) {
      return 0;
    }
    DataPlaneGroupRef ref = ref(desired.group(), desired.controlPlaneId(), network);
    DataPlaneObservation observed = provider.get().observeDataPlanes(ref);
    boolean needed = switch (observed) {
      // Absent after a placement that threw waits out the backoff like a failed node does.
      case DataPlaneObservation.Absent a -> due(desired.groupId(), now);
      case DataPlaneObservation.Failed f -> due(desired.groupId(), now);
      case DataPlaneObservation.Running r -> {
        failures.remove(desired.groupId());
        yield false;
      }
      case DataPlaneObservation.Starting s -> false;
      case DataPlaneObservation.External e -> false;
    };
    if (!needed) {
      return 0;
    }
    Optional<DataPlaneLaunch> launch = launches.forGroup(desired.controlPlaneId(), network.id());
    if (launch.isEmpty()) {
      return 0;
    }
    try {
      provider.get().placeDataPlanes(ref, launch.get());
      if (observed instanceof DataPlaneObservation.Failed) {
        // Placing again after a node ended is a try: should the node end again, the wait grows.
        countTry(desired.groupId(), now, Optional.empty());
      }
    } catch (ProviderException | UncheckedIOException e) {
      Optional<Duration> retryAfter =
          e instanceof ProviderException p ? p.retryAfter() : Optional.empty();
      int attempts = countTry(desired.groupId(), now, retryAfter);
      LOG.warn("Placing the data planes of group {} failed (attempt {}), retried with backoff:"
          + " {}", desired.groupId(), attempts, e.getMessage());
    }
    return 1;
  }

  /** Whether the group's backoff after its last failed try (if any) has passed. */
  private boolean due(UUID groupId, Instant now) {
    Failure failure = failures.get(groupId);
    return failure == null || !now.isBefore(failure.next());
  }

  /**
   * Counts one failed try (called once per try, whatever failed: the placement or the node) and
   * sets the backoff, no shorter than the provider's {@code Retry-After}; returns the count.
   */
  private int countTry(UUID groupId, Instant now, Optional<Duration> retryAfter) {
    Failure failure = failures.get(groupId);
    int attempts = failure == null ? 1 : failure.attempts() + 1;
    failures.put(groupId, new Failure(attempts, now.plus(backoff.delay(attempts, retryAfter))));
    return attempts;
  }

  private static boolean isGoing(NetworkRow network) {
    return network.state().equals(NetworkState.TERMINATING.wire())
        || network.state().equals(NetworkState.TERMINATED.wire());
  }

  /** Every group of every configuration (all organisations), with its network's row. */
  private List<Desired> desired() {
    List<Desired> all = new ArrayList<>();
    // Many groups share a network: each is read once per pass.
    Map<UUID, Optional<NetworkRow>> networks = new HashMap<>();
    for (int orgPage = 1; ; orgPage++) {
      Page<OrganizationRow> orgs = store.organizations().list(PageRequest.of(orgPage, PAGE));
      for (OrganizationRow org : orgs.items()) {
        for (int page = 1; ; page++) {
          Page<ConfigurationRow> configs =
              store.configurations().list(org.id(), List.of(), PageRequest.of(page, PAGE));
          for (ConfigurationRow config : configs.items()) {
            for (JsonNode group : Json.read(config.documentJson()).path("dataplane_groups")) {
              UUID network = UUID.fromString(group.path("cloud_gateway_network_id").asText());
              all.add(new Desired(UUID.fromString(group.path("id").asText()),
                  config.controlPlaneId(), group,
                  networks.computeIfAbsent(network, store.networks()::findById)));
            }
          }
          if ((long) page * PAGE >= configs.total()) {
            break;
          }
        }
      }
      if ((long) orgPage * PAGE >= orgs.total()) {
        return all;
      }
    }
  }

  /** A stored group as the provider sees it; autopilot groups ask for one node. */
  static DataPlaneGroupRef ref(JsonNode group, UUID controlPlaneId, NetworkRow network) {
    JsonNode autoscale = group.path("autoscale");
    int instances = autoscale.path("kind").asText().equals("static")
        ? Math.max(1, autoscale.path("requested_instances").asInt(1))
        : 1;
    return new DataPlaneGroupRef(UUID.fromString(group.path("id").asText()), controlPlaneId,
        Reconciler.networkRef(network), instances);
  }
}
