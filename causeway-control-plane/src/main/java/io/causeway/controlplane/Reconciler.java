package io.causeway.controlplane;

import io.causeway.controlplane.Outcome.Next;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.NetworkSpec;
import io.causeway.model.NetworkState;
import io.causeway.model.PeeringRef;
import io.causeway.model.ProviderException;
import io.causeway.model.StateMetadata;
import io.causeway.model.TransitGatewayState;
import io.causeway.store.Lease;
import io.causeway.store.NetworkRow;
import io.causeway.store.Store;
import io.causeway.store.StoreException;
import io.causeway.store.TransitGatewayRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives networks and transit gateways towards what their rows ask for. One virtual thread loops:
 * claim due rows with a store lease (so no other replica drives them meanwhile), take one
 * level-triggered step each ({@link NetworkSteps}, {@link PeeringSteps}), record state and {@code
 * state_metadata}, and release the lease with the next due time; then place or remove data-plane
 * groups' nodes ({@link GroupSteps}). Provider failures become {@code
 * state_metadata} and exponential backoff, never a log line alone.
 */
final class Reconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final int BATCH = 16;
  private static final Duration PARKED = Duration.ofDays(1);
  private static final List<String> NETWORK_STATES =
      Arrays.stream(NetworkState.values())
          .filter(s -> s != NetworkState.TERMINATED)
          .map(NetworkState::wire)
          .toList();
  private static final List<String> GATEWAY_STATES =
      Arrays.stream(TransitGatewayState.values())
          .filter(s -> s != TransitGatewayState.TERMINATED)
          .map(TransitGatewayState::wire)
          .toList();

  private final Store store;
  private final AccountProviders providers;
  private final Clock clock;
  private final Timings timings;
  private final Backoff backoff;
  private final String owner;
  private final Optional<GroupSteps> groups;
  private final Semaphore wakeups = new Semaphore(0);
  private volatile boolean running = true;
  private volatile Thread thread;

  Reconciler(
      Store store,
      AccountProviders providers,
      Clock clock,
      Timings timings,
      Backoff backoff,
      String owner) {
    this(store, providers, clock, timings, backoff, owner, Optional.empty());
  }

  /** With {@code groups}, each pass also places and removes data-plane groups' nodes. */
  Reconciler(
      Store store,
      AccountProviders providers,
      Clock clock,
      Timings timings,
      Backoff backoff,
      String owner,
      Optional<GroupSteps> groups) {
    this.groups = groups;
    this.store = store;
    this.providers = providers;
    this.clock = clock;
    this.timings = timings;
    this.backoff = backoff;
    this.owner = owner;
  }

  void start() {
    thread = Thread.ofVirtual().name("causeway-reconciler-" + owner).start(this::loop);
    LOG.info("Reconciler started as replica {}", owner);
  }

  /** Makes the loop look for due rows now (after an API write). */
  void wake() {
    groups.ifPresent(GroupSteps::wake);
    wakeups.release();
  }

  private void loop() {
    while (running) {
      int worked = 0;
      try {
        worked = pass();
      } catch (StoreException e) {
        LOG.warn("Reconciler pass failed; the store is unavailable: {}", e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("Reconciler pass failed", e);
      }
      if (worked == 0 && running) {
        try {
          wakeups.tryAcquire(timings.idle().toMillis(), TimeUnit.MILLISECONDS);
          wakeups.drainPermits();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * One round over due rows; returns how many were worked on. The claimed rows are stepped in
   * parallel (one virtual thread each) so that a slow provider call cannot keep the last rows of
   * a batch waiting until their leases run out.
   */
  int pass() {
    List<Lease<NetworkRow>> networks =
        store.networks().claimDue(owner, NETWORK_STATES, timings.leaseFor(), BATCH);
    List<Lease<TransitGatewayRow>> gateways =
        store.transitGateways().claimDue(owner, GATEWAY_STATES, timings.leaseFor(), BATCH);
    try (ExecutorService steps = Executors.newVirtualThreadPerTaskExecutor()) {
      networks.forEach(lease -> steps.execute(() -> guarded(() -> network(lease.row()))));
      gateways.forEach(lease -> steps.execute(() -> guarded(() -> gateway(lease.row()))));
    }
    int placed = 0;
    if (groups.isPresent()) {
      try {
        placed = groups.get().pass();
      } catch (ProviderException e) {
        LOG.warn("Data-plane group scan failed; retried at the next scan: {}", e.getMessage());
      }
    }
    return networks.size() + gateways.size() + placed;
  }

  /** A failed step leaves its lease to expire; the row is retried then. Logged once, here. */
  private static void guarded(Runnable step) {
    try {
      step.run();
    } catch (StoreException e) {
      LOG.warn("Reconcile step failed; the store is unavailable: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Reconcile step failed", e);
    }
  }

  /*
   * State writes are conditional on the entity version we claimed: a user write during our step
   * (PATCH, DELETE, verify) wins atomically, our outcome (computed from the older row) is dropped,
   * and the row is due again at once, so the next step starts from what the user asked.
   */
  private void network(NetworkRow row) {
    Instant started = clock.instant();
    NetworkState state = NetworkState.fromWire(row.state()).orElseThrow();
    Optional<NetworkProvider> provider = providers.forNetwork(row);
    Outcome outcome;
    if (provider.isEmpty()) {
      outcome = unknownAccount(row.state(), row.providerAccountId(), row.reconcile().providerRef());
    } else {
      try {
        outcome = NetworkSteps.step(
            provider.get(), networkRef(row), state, row.reconcile().providerRef());
      } catch (ProviderException e) {
        outcome = failed(row.state(), row.reconcile().providerRef(), e);
      }
    }
    record(networkTable(), row.id(), row.entityVersion(), row.reconcile().providerRef(),
        row.reconcile().attempts(), outcome, NetworkState.TERMINATED.wire(), started);
  }

  private void gateway(TransitGatewayRow row) {
    Instant started = clock.instant();
    TransitGatewayState state = TransitGatewayState.fromWire(row.state()).orElseThrow();
    NetworkRow network = store.networks().findById(row.networkId()).orElseThrow();
    Optional<NetworkProvider> provider = providers.forNetwork(network);
    NetworkState networkState = NetworkState.fromWire(network.state()).orElseThrow();
    Outcome outcome;
    if (provider.isEmpty()) {
      outcome = unknownAccount(row.state(), network.providerAccountId(), row.reconcile().providerRef());
    } else {
      PeeringRef ref = new PeeringRef(row.id(), networkRef(network), Wire.attachment(row),
          Wire.dnsConfig(row));
      try {
        outcome = PeeringSteps.step(
            provider.get(), ref, state, networkState, row.reconcile().providerRef());
      } catch (ProviderException e) {
        outcome = failed(row.state(), row.reconcile().providerRef(), e);
      }
    }
    record(gatewayTable(), row.id(), row.entityVersion(), row.reconcile().providerRef(),
        row.reconcile().attempts(), outcome, TransitGatewayState.TERMINATED.wire(), started);
  }

  /** The lease-guarded writes of one table (networks or transit gateways). */
  private interface LeasedTable {
    boolean renew(UUID id);

    void recordProvider(UUID id, Optional<String> providerRef);

    boolean deleteLeased(UUID id);

    void updateState(UUID id, long expectedVersion, Outcome outcome, Attempt attempt);

    void release(UUID id, Attempt attempt);
  }

  private void record(
      LeasedTable table, UUID id, long version, Optional<String> providerRef, int attempts,
      Outcome outcome, String terminated, Instant started) {
    Attempt attempt = attempt(outcome, attempts);
    // A slow step (cold provider, loaded machine) renews before writing, so that its writes do
    // not race the lease's expiry. One that already lost its lease writes nothing: the HELD
    // writes are refused and the release makes the row due at once for whoever claims it next.
    if (Duration.between(started, clock.instant()).compareTo(timings.leaseFor().dividedBy(2)) > 0
        && !table.renew(id)) {
      LOG.warn("Reconcile step for {} outlived its lease; its outcome is dropped and the row is"
          + " retried", id);
    }
    if (!outcome.providerRef().equals(providerRef)) {
      table.recordProvider(id, outcome.providerRef());
    }
    // A terminated row is removed: GET answers 404 from then on, and the name is free again.
    if (outcome.state().equals(terminated) && table.deleteLeased(id)) {
      return;
    }
    table.updateState(id, version, outcome, attempt);
    table.release(id, attempt);
  }

  private LeasedTable networkTable() {
    return new LeasedTable() {
      @Override
      public boolean renew(UUID id) {
        return store.networks().renew(id, owner, timings.leaseFor());
      }

      @Override
      public void recordProvider(UUID id, Optional<String> ref) {
        store.networks().recordProvider(id, owner, ref, Optional.empty());
      }

      @Override
      public boolean deleteLeased(UUID id) {
        return store.networks().deleteLeased(id, owner);
      }

      @Override
      public void updateState(UUID id, long version, Outcome o, Attempt a) {
        store.networks().updateState(id, owner, version, o.state(),
            nonEmpty(o.metadata().reportedStatus()), nonEmpty(o.metadata().reason()), a.next(),
            a.attempts());
      }

      @Override
      public void release(UUID id, Attempt a) {
        store.networks().release(id, owner, a.next(), a.attempts());
      }
    };
  }

  private LeasedTable gatewayTable() {
    return new LeasedTable() {
      @Override
      public boolean renew(UUID id) {
        return store.transitGateways().renew(id, owner, timings.leaseFor());
      }

      @Override
      public void recordProvider(UUID id, Optional<String> ref) {
        store.transitGateways().recordProvider(id, owner, ref, Optional.empty());
      }

      @Override
      public boolean deleteLeased(UUID id) {
        return store.transitGateways().deleteLeased(id, owner);
      }

      @Override
      public void updateState(UUID id, long version, Outcome o, Attempt a) {
        store.transitGateways().updateState(id, owner, version, o.state(),
            nonEmpty(o.metadata().reportedStatus()), nonEmpty(o.metadata().reason()), a.next(),
            a.attempts());
      }

      @Override
      public void release(UUID id, Attempt a) {
        store.transitGateways().release(id, owner, a.next(), a.attempts());
      }
    };
  }

  private record Attempt(Instant next, int attempts) {}

  private Attempt attempt(Outcome outcome, int attempts) {
    Instant now = clock.instant();
    return switch (outcome.next()) {
      case POLL -> new Attempt(now.plus(timings.poll()), 0);
      case RESYNC -> new Attempt(now.plus(timings.resync()), 0);
      case PARK -> new Attempt(now.plus(PARKED), 0);
      case BACKOFF -> new Attempt(now.plus(backoff.delay(attempts + 1, outcome.retryAfter())), attempts + 1);
    };
  }

  private static Outcome failed(String state, Optional<String> providerRef, ProviderException e) {
    return new Outcome(state, StateMetadata.of("PROVIDER_UNAVAILABLE",
        "the provider call failed and will be retried: " + e.getMessage()), providerRef,
        Next.BACKOFF, e.retryAfter());
  }

  private static Outcome unknownAccount(
      String state, String accountId, Optional<String> providerRef) {
    return Outcome.of(state, "PROVIDER_NOT_CONFIGURED", "provider account " + accountId
        + " is not served by this control plane; start it with that provider", providerRef,
        Next.BACKOFF);
  }

  private static Optional<String> nonEmpty(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  static NetworkRef networkRef(NetworkRow row) {
    return new NetworkRef(
        row.id(),
        new NetworkSpec(
            row.name(),
            UUID.fromString(row.providerAccountId()),
            row.region(),
            Wire.texts(Json.read(row.availabilityZonesJson())),
            row.cidrBlock()));
  }

  @Override
  public void close() {
    running = false;
    wakeups.release();
    Thread t = thread;
    if (t != null) {
      try {
        if (!t.join(Duration.ofSeconds(10))) {
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
