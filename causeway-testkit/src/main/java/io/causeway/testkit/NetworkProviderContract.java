package io.causeway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddressString;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.NetworkSpec;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderException;
import io.causeway.model.ProviderRegion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link NetworkProvider} passes (simulated, local, azure against the fake ARM
 * server). A subclass supplies the provider and the fixture hooks; the cases drive the provider
 * the way the reconciler does: call, then observe until the expected state, calling {@link
 * #advance()} between observations.
 *
 * <p>Ids are derived from the test's name (no randomness), so a rerun addresses the same
 * resources. Whatever a case created is deleted best-effort after it.
 *
 * <p>Hooks a subclass must implement: {@link #provider()}, {@link #customerVnet(String)}, {@link
 * #networkResourceCount(NetworkRef)} and {@link #peeringSideCount(PeeringRef)}. Optional ones have
 * defaults: {@link #advance()}, {@link #timeout()}, {@link #pollInterval()}, {@link
 * #unknownVnet()}, {@link #networkCidr()}, {@link #removeCustomerSide(PeeringRef)}.
 */
@Timeout(120)
public abstract class NetworkProviderContract {
  private final List<NetworkRef> createdNetworks = new ArrayList<>();
  private final List<PeeringRef> createdPeerings = new ArrayList<>();
  private String testName = "contract";

  /**
   * The provider under test. Called many times per test: return the same instance within a test
   * (a fresh one per test is fine).
   */
  protected abstract NetworkProvider provider();

  /**
   * Creates (in whatever way the provider needs) a customer VNET with address space {@code cidr},
   * with everything in place for peering: consent granted, role assigned. Each call makes a
   * distinct VNET.
   */
  protected abstract CustomerVnet customerVnet(String cidr);

  /**
   * How many provider-side network resources exist for {@code network} right now (VNETs,
   * namespaces, in-memory entries named from its id): 0 or 1 for a correct provider.
   */
  protected abstract int networkResourceCount(NetworkRef network);

  /**
   * How many sides of {@code peering} exist right now (provider side plus customer side): 0, 1 or
   * 2 for a correct provider.
   */
  protected abstract int peeringSideCount(PeeringRef peering);

  /** Moves time forward (a fake clock) or does nothing when the provider runs in real time. */
  protected void advance() {}

  /** How long one state change may take. */
  protected Duration timeout() {
    return Duration.ofSeconds(30);
  }

  protected Duration pollInterval() {
    return Duration.ofMillis(50);
  }

  /** A customer VNET nobody created. Override when the provider marks missing VNETs by name. */
  protected CustomerVnet unknownVnet() {
    return new CustomerVnet(
        new AzureVnetPeering(
            "7e5a0000-0000-4000-8000-00000000c0de",
            "5b5c0000-0000-4000-8000-00000000c0de",
            "causeway-contract",
            "missing-contract-vnet"),
        "10.30.0.0/16");
  }

  /** The provider network's address space in every case. */
  protected String networkCidr() {
    return "10.10.0.0/16";
  }

  /**
   * Deletes the customer's side of an established peering, as a customer might. The default
   * aborts the case (reported as skipped) for providers that cannot model it.
   */
  protected void removeCustomerSide(PeeringRef peering) {
    Assumptions.abort(getClass().getSimpleName() + " cannot remove a customer side of a peering");
  }

  /** True when the two CIDR blocks share an address (for fixtures that model overlap). */
  protected static boolean overlaps(String cidrA, String cidrB) {
    return new IPAddressString(cidrA)
        .getAddress()
        .toPrefixBlock()
        .overlaps(new IPAddressString(cidrB).getAddress().toPrefixBlock());
  }

  @BeforeEach
  public final void rememberTestName(TestInfo info) {
    testName = getClass().getName() + "#" + info.getDisplayName();
  }

  @AfterEach
  public final void deleteWhatTheCaseCreated() {
    for (PeeringRef peering : createdPeerings) {
      try {
        provider().deletePeering(peering);
        awaitPeering(peering, PeeringObservation.Absent.class);
      } catch (RuntimeException | AssertionError e) {
        // Best effort: the case's own assertions already decided the outcome.
      }
    }
    for (NetworkRef network : createdNetworks) {
      try {
        provider().deleteNetwork(network);
        awaitNetwork(network, NetworkObservation.Absent.class);
      } catch (RuntimeException | AssertionError e) {
        // Best effort, as above.
      }
    }
    createdPeerings.clear();
    createdNetworks.clear();
  }

  @Test
  public void accountIsAzureShapedAndStable() {
    ProviderAccount account = provider().account();
    assertThat(account.provider()).isEqualTo("azure");
    assertThat(account.providerAccountId()).isNotBlank();
    assertThat(account.label()).isNotBlank();
    assertThat(provider().account()).isEqualTo(account);
  }

  @Test
  public void regionsHaveNamesAndDistinctZones() {
    List<ProviderRegion> regions = provider().regions();
    assertThat(regions).isNotEmpty();
    assertThat(regions).extracting(ProviderRegion::name).doesNotHaveDuplicates();
    for (ProviderRegion region : regions) {
      assertThat(region.name()).isNotBlank();
      assertThat(region.availabilityZones()).isNotEmpty().doesNotHaveDuplicates();
      assertThat(region.availabilityZones()).allSatisfy(zone -> assertThat(zone).isNotBlank());
    }
  }

  @Test
  public void observingANetworkNeverCreatedIsAbsent() {
    NetworkRef network = network("never-created");
    assertThat(observe(network)).isInstanceOf(NetworkObservation.Absent.class);
    assertThat(networkResourceCount(network)).isZero();
  }

  @Test
  public void createNetworkTwiceMakesOneNetworkThatBecomesReady() {
    NetworkRef network = network("twice");
    provider().createNetwork(network);
    provider().createNetwork(network);
    awaitNetwork(network, NetworkObservation.Ready.class);
    provider().createNetwork(network);

    assertThat(observe(network)).isInstanceOf(NetworkObservation.Ready.class);
    assertThat(networkResourceCount(network)).isEqualTo(1);
  }

  @Test
  public void deleteNetworkTwiceLeavesItAbsentAndDeletingAgainSucceeds() {
    NetworkRef network = readyNetwork("delete");
    provider().deleteNetwork(network);
    provider().deleteNetwork(network);
    awaitNetwork(network, NetworkObservation.Absent.class);

    assertThatCode(() -> provider().deleteNetwork(network)).doesNotThrowAnyException();
    assertThat(observe(network)).isInstanceOf(NetworkObservation.Absent.class);
    assertThat(networkResourceCount(network)).isZero();
  }

  @Test
  public void preflightPassesForAPreparedVnet() {
    NetworkRef network = readyNetwork("preflight-ok");
    CustomerVnet vnet = customerVnet("10.20.0.0/16");

    assertThat(provider().preflight(peering(network, vnet))).isInstanceOf(Preflight.Passed.class);
  }

  @Test
  public void preflightReportsAnUnknownVnetAsNotFound() {
    NetworkRef network = readyNetwork("preflight-missing");
    CustomerVnet vnet = unknownVnet();

    assertThat(blockedKind(provider().preflight(peering(network, vnet))))
        .isEqualTo(Preflight.Kind.VNET_NOT_FOUND);
  }

  @Test
  public void preflightReportsOverlappingAddressSpaces() {
    NetworkRef network = readyNetwork("preflight-overlap");
    CustomerVnet vnet = customerVnet(overlappingCidr());

    Preflight result = provider().preflight(peering(network, vnet));

    assertThat(blockedKind(result)).isEqualTo(Preflight.Kind.ADDRESS_SPACE_OVERLAP);
    String reason = ((Preflight.Blocked) result).problem().reason();
    assertThat(reason).contains(network.spec().cidrBlock());
  }

  @Test
  public void observingAPeeringNeverCreatedIsAbsentAndDeletingItSucceeds() {
    NetworkRef network = readyNetwork("peering-never");
    PeeringRef peering = peering(network, customerVnet("10.21.0.0/16"));

    assertThat(observe(peering)).isInstanceOf(PeeringObservation.Absent.class);
    assertThatCode(() -> provider().deletePeering(peering)).doesNotThrowAnyException();
    assertThat(peeringSideCount(peering)).isZero();
  }

  @Test
  public void createPeeringTwiceConnectsOnePeeringWithTwoSides() {
    NetworkRef network = readyNetwork("peering-twice");
    PeeringRef peering = peering(network, customerVnet("10.22.0.0/16"));
    assertThat(provider().preflight(peering)).isInstanceOf(Preflight.Passed.class);

    createPeering(peering);
    createPeering(peering);
    awaitPeering(peering, PeeringObservation.Connected.class);
    createPeering(peering);

    assertThat(observe(peering)).isInstanceOf(PeeringObservation.Connected.class);
    assertThat(peeringSideCount(peering)).isEqualTo(2);
  }

  @Test
  public void deletePeeringRemovesBothSidesAndDeletingAgainSucceeds() {
    NetworkRef network = readyNetwork("peering-delete");
    PeeringRef peering = peering(network, customerVnet("10.23.0.0/16"));
    createPeering(peering);
    awaitPeering(peering, PeeringObservation.Connected.class);

    provider().deletePeering(peering);
    provider().deletePeering(peering);
    awaitPeering(peering, PeeringObservation.Absent.class);

    assertThatCode(() -> provider().deletePeering(peering)).doesNotThrowAnyException();
    assertThat(peeringSideCount(peering)).isZero();
  }

  @Test
  public void aRemovedCustomerSideIsDegradedAndCreatingAgainRestoresIt() {
    NetworkRef network = readyNetwork("peering-degraded");
    PeeringRef peering = peering(network, customerVnet("10.24.0.0/16"));
    createPeering(peering);
    awaitPeering(peering, PeeringObservation.Connected.class);

    removeCustomerSide(peering);
    awaitPeering(peering, PeeringObservation.Degraded.class);
    createPeering(peering);
    awaitPeering(peering, PeeringObservation.Connected.class);

    assertThat(peeringSideCount(peering)).isEqualTo(2);
  }

  // ---- Data-plane placement (the SPI's hook, default or implemented) -------------------------

  @Test
  public void nothingIsPlacedAtFirst() {
    assertThat(provider().placedDataPlaneGroups()).isEmpty();
  }

  @Test
  public void removingAnUnknownDataPlaneGroupDoesNothing() {
    UUID unknown = idFor("group/unknown");

    assertThatCode(() -> provider().removeDataPlanes(unknown)).doesNotThrowAnyException();
    assertThatCode(() -> provider().removeDataPlanes(unknown)).doesNotThrowAnyException();
    assertThat(provider().placedDataPlaneGroups()).doesNotContain(unknown);
  }

  @Test
  public void observingAnUnknownDataPlaneGroupNeverThrows() {
    NetworkRef nowhere = network("never-created");
    NetworkRef ready = readyNetwork("placement");

    for (NetworkRef network : List.of(nowhere, ready)) {
      DataPlaneGroupRef group =
          new DataPlaneGroupRef(
              idFor("group/" + network.networkId()), idFor("control-plane"), network, 1);
      assertThatCode(() -> provider().observeDataPlanes(group))
          .as("observing group %s in %s", group.groupId(), network.spec().name())
          .doesNotThrowAnyException();
      assertThat(provider().observeDataPlanes(group)).isNotNull();
    }
    assertThat(provider().placedDataPlaneGroups()).isEmpty();
  }

  // ---- building blocks, also usable by subclasses' own cases ----

  /** A network ref named from this test and {@code label}, in the provider's first region. */
  protected final NetworkRef network(String label) {
    ProviderRegion region = provider().regions().get(0);
    NetworkSpec spec =
        new NetworkSpec(
            "contract-" + label,
            provider().account().id(),
            region.name(),
            List.of(region.availabilityZones().get(0)),
            networkCidr());
    NetworkRef ref = new NetworkRef(idFor("network/" + label), spec);
    createdNetworks.add(ref);
    return ref;
  }

  /** Creates a network named from {@code label} and waits until it is ready. */
  protected final NetworkRef readyNetwork(String label) {
    NetworkRef network = network(label);
    provider().createNetwork(network);
    awaitNetwork(network, NetworkObservation.Ready.class);
    return network;
  }

  /** A peering ref between {@code network} and {@code vnet}, with an id named from both. */
  protected final PeeringRef peering(NetworkRef network, CustomerVnet vnet) {
    PeeringRef ref =
        new PeeringRef(
            idFor("peering/" + network.networkId() + "/" + vnet.attachment().vnetResourceId()),
            network,
            vnet.attachment());
    createdPeerings.add(ref);
    return ref;
  }

  /** Calls createPeering once, retrying only transient {@link ProviderException}s. */
  protected final void createPeering(PeeringRef peering) {
    await("createPeering " + peering.transitGatewayId())
        .atMost(timeout())
        .pollInterval(pollInterval())
        .ignoreException(ProviderException.class)
        .until(
            () -> {
              advance();
              provider().createPeering(peering);
              return true;
            });
  }

  protected final NetworkObservation observe(NetworkRef network) {
    return provider().observeNetwork(network);
  }

  protected final PeeringObservation observe(PeeringRef peering) {
    return provider().observePeering(peering);
  }

  /** Observes until the network is in state {@code expected}; transient failures are retried. */
  protected final void awaitNetwork(
      NetworkRef network, Class<? extends NetworkObservation> expected) {
    await("network " + network.networkId() + " " + expected.getSimpleName())
        .atMost(timeout())
        .pollInterval(pollInterval())
        .ignoreException(ProviderException.class)
        .until(
            () -> {
              advance();
              return expected.isInstance(observe(network));
            });
  }

  /** Observes until the peering is in state {@code expected}; transient failures are retried. */
  protected final void awaitPeering(
      PeeringRef peering, Class<? extends PeeringObservation> expected) {
    await("peering " + peering.transitGatewayId() + " " + expected.getSimpleName())
        .atMost(timeout())
        .pollInterval(pollInterval())
        .ignoreException(ProviderException.class)
        .until(
            () -> {
              advance();
              return expected.isInstance(observe(peering));
            });
  }

  /** A CIDR inside {@link #networkCidr()}: a /24 at its start. */
  protected final String overlappingCidr() {
    String start =
        new IPAddressString(networkCidr()).getAddress().getLower().withoutPrefixLength().toString();
    return start + "/24";
  }

  private UUID idFor(String label) {
    return UUID.nameUUIDFromBytes((testName + "/" + label).getBytes(StandardCharsets.UTF_8));
  }

  private static Preflight.Kind blockedKind(Preflight result) {
    assertThat(result).isInstanceOf(Preflight.Blocked.class);
    return ((Preflight.Blocked) result).problem().kind();
  }
}
