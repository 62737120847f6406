package io.causeway.provider.local;

import static java.util.Objects.requireNonNull;

import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneObservation;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderException;
import io.causeway.model.ProviderRegion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code simulated} provider: networks and peerings exist only in this object's memory, with
 * no network isolation at all. Every step (provisioning, deleting, peering) completes {@code
 * delay} after it started, measured on the injected clock.
 *
 * <p>Simulated behaviour, so that every path of the state machine can be reached in demos and
 * tests (also documented in the README):
 *
 * <ul>
 *   <li>every customer VNET exists, except one whose name starts with {@code missing-} (preflight
 *       {@code VNET_NOT_FOUND});
 *   <li>a VNET whose name starts with {@code overlap-} has an address space overlapping the
 *       network ({@code ADDRESS_SPACE_OVERLAP});
 *   <li>a VNET whose name starts with {@code norole-} lacks the peering role ({@code
 *       ROLE_MISSING});
 *   <li>tenant {@value #NO_CONSENT_TENANT} has not granted admin consent ({@code CONSENT_MISSING})
 *       until {@link #grantConsent(String)} is called.
 * </ul>
 *
 * <p>Thread-safe and idempotent as the SPI requires; it counts every call per resource so tests
 * can assert that no provider call was duplicated.
 */
public final class SimulatedProvider implements NetworkProvider {
  /** The tenant that never granted consent (until {@link #grantConsent}). */
  public static final String NO_CONSENT_TENANT = "00000000-0000-0000-0000-000000000000";

  /** Fixed so that the account id survives restarts. */
  public static final UUID ACCOUNT_ID = UUID.fromString("5e1a7ed0-0000-4000-8000-000000000001");

  static final String REGION = "local";
  private static final String LABEL = "Simulated provider (in memory, no real network isolation)";

  /** The SPI operations, for call counting. */
  public enum Call {
    CREATE_NETWORK,
    OBSERVE_NETWORK,
    DELETE_NETWORK,
    PREFLIGHT,
    CREATE_PEERING,
    OBSERVE_PEERING,
    DELETE_PEERING
  }

  /** A step that started at {@code since}; {@code deleting} tells which direction. */
  private record Step(Instant since, boolean deleting) {}

  private final Clock clock;
  private final Duration delay;
  private final Map<UUID, Step> networks = new ConcurrentHashMap<>();
  private final Map<UUID, Step> peerings = new ConcurrentHashMap<>();
  private final Set<UUID> degraded = ConcurrentHashMap.newKeySet();
  private final Set<String> consentedTenants = ConcurrentHashMap.newKeySet();
  private final Map<Call, Map<UUID, AtomicInteger>> calls = new EnumMap<>(Call.class);
  private final Map<Call, AtomicInteger> failures = new EnumMap<>(Call.class);
  private volatile Optional<Duration> failureRetryAfter = Optional.empty();
  private volatile boolean held;

  private SimulatedProvider(Clock clock, Duration delay) {
    this.clock = requireNonNull(clock, "clock");
    this.delay = requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay: " + delay + " (expected: zero or positive)");
    }
    for (Call call : Call.values()) {
      calls.put(call, new ConcurrentHashMap<>());
      failures.put(call, new AtomicInteger());
    }
  }

  /** A simulated provider whose steps take {@code delay} on {@code clock}. */
  public static SimulatedProvider create(Clock clock, Duration delay) {
    return new SimulatedProvider(clock, delay);
  }

  @Override
  public ProviderAccount account() {
    return new ProviderAccount(ACCOUNT_ID, "azure", SimulatedProviderFactory.NAME, LABEL);
  }

  @Override
  public List<ProviderRegion> regions() {
    return List.of(new ProviderRegion(REGION, List.of("local-1", "local-2", "local-3")));
  }

  @Override
  public void createNetwork(NetworkRef network) {
    count(Call.CREATE_NETWORK, network.networkId());
    networks.compute(
        network.networkId(),
        (id, step) -> step == null || step.deleting() ? new Step(clock.instant(), false) : step);
  }

  @Override
  public NetworkObservation observeNetwork(NetworkRef network) {
    count(Call.OBSERVE_NETWORK, network.networkId());
    Step step = networks.get(network.networkId());
    if (step == null) {
      return new NetworkObservation.Absent();
    }
    if (!done(step)) {
      return new NetworkObservation.InProgress(
          step.deleting() ? "simulated: deleting network" : "simulated: provisioning network");
    }
    if (step.deleting()) {
      networks.remove(network.networkId(), step);
      return new NetworkObservation.Absent();
    }
    return new NetworkObservation.Ready();
  }

  /**
   * Simulated networks have no nodes of their own: the data planes joined to the control plane
   * serve every group ({@code causeway up} runs one on 127.0.0.1), so nothing is launched.
   */
  @Override
  public DataPlaneObservation observeDataPlanes(DataPlaneGroupRef group) {
    return new DataPlaneObservation.Running(List.of("127.0.0.1"));
  }

  @Override
  public void deleteNetwork(NetworkRef network) {
    count(Call.DELETE_NETWORK, network.networkId());
    networks.computeIfPresent(
        network.networkId(),
        (id, step) -> step.deleting() ? step : new Step(clock.instant(), true));
  }

  @Override
  public Preflight preflight(PeeringRef peering) {
    count(Call.PREFLIGHT, peering.transitGatewayId());
    return SimulatedPreflight.check(peering, consentedTenants);
  }

  @Override
  public void createPeering(PeeringRef peering) {
    count(Call.CREATE_PEERING, peering.transitGatewayId());
    UUID id = peering.transitGatewayId();
    boolean repaired = degraded.remove(id);
    peerings.compute(
        id,
        (key, step) ->
            step == null || step.deleting() || repaired ? new Step(clock.instant(), false) : step);
  }

  @Override
  public PeeringObservation observePeering(PeeringRef peering) {
    count(Call.OBSERVE_PEERING, peering.transitGatewayId());
    UUID id = peering.transitGatewayId();
    Step step = peerings.get(id);
    if (step == null) {
      return new PeeringObservation.Absent();
    }
    if (!done(step)) {
      return new PeeringObservation.InProgress(
          step.deleting() ? "simulated: removing both sides" : "simulated: peering both sides");
    }
    if (step.deleting()) {
      peerings.remove(id, step);
      return new PeeringObservation.Absent();
    }
    if (degraded.contains(id)) {
      return new PeeringObservation.Degraded(
          "simulated: the customer side of the peering was removed");
    }
    return new PeeringObservation.Connected();
  }

  @Override
  public void deletePeering(PeeringRef peering) {
    count(Call.DELETE_PEERING, peering.transitGatewayId());
    degraded.remove(peering.transitGatewayId());
    peerings.computeIfPresent(
        peering.transitGatewayId(),
        (id, step) -> step.deleting() ? step : new Step(clock.instant(), true));
  }

  /**
   * While held, nothing in progress completes (every step stays in progress), so a test can look
   * at a transitional state for as long as it needs; releasing lets the steps finish.
   */
  public void holdProgress(boolean hold) {
    held = hold;
  }

  /** Simulates the customer's admin granting consent in {@code tenantId}. */
  public void grantConsent(String tenantId) {
    consentedTenants.add(tenantId.toLowerCase(java.util.Locale.ROOT));
  }

  /** Simulates the customer removing their side of a connected peering. */
  public void degradePeering(UUID transitGatewayId) {
    if (peerings.containsKey(transitGatewayId)) {
      degraded.add(transitGatewayId);
    }
  }

  /**
   * The next {@code times} calls of {@code call} throw a {@link ProviderException} (as a throttled
   * or unreachable cloud would), carrying {@code retryAfter}.
   */
  public void failNext(Call call, int times, Optional<Duration> retryAfter) {
    failureRetryAfter = retryAfter;
    failures.get(call).set(times);
  }

  /** How often {@code call} was made for the resource {@code id} (network or transit gateway). */
  public int calls(Call call, UUID id) {
    AtomicInteger n = calls.get(call).get(id);
    return n == null ? 0 : n.get();
  }

  /** Whether the simulated network exists (being provisioned, ready or being deleted). */
  public boolean hasNetwork(UUID networkId) {
    return networks.containsKey(networkId);
  }

  /** Whether the simulated peering exists. */
  public boolean hasPeering(UUID transitGatewayId) {
    return peerings.containsKey(transitGatewayId);
  }

  private boolean done(Step step) {
    return !held && !clock.instant().isBefore(step.since().plus(delay));
  }

  private void count(Call call, UUID id) {
    calls.get(call).computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    AtomicInteger pending = failures.get(call);
    if (pending.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new ProviderException(
          "simulated: " + call + " failed (injected failure)", failureRetryAfter, null);
    }
  }
}
