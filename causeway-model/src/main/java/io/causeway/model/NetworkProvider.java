package io.causeway.model;

import java.util.List;
import java.util.UUID;

/**
 * The one plugin seam of Causeway: the cloud (or host) that runs provider networks and peers them
 * with customer networks. Implementations are found with {@link java.util.ServiceLoader} through
 * {@link NetworkProviderFactory}; every one passes the same contract test suite.
 *
 * <p>Contract for every method:
 *
 * <ul>
 *   <li><b>Idempotent.</b> The reconciler is level-triggered: it may call {@code create*} again
 *       for a resource that already exists (for example after a crash between the provider call
 *       and recording the result). Creating what exists succeeds and changes nothing; deleting
 *       what is absent succeeds. Resources are named from the Causeway ids in the refs, so a
 *       repeated call finds the earlier resource instead of making a duplicate.
 *   <li><b>May block</b> (network I/O, processes); never called on an event loop.
 *   <li><b>Expected outcomes are values</b> ({@link NetworkObservation}, {@link
 *       PeeringObservation}, {@link Preflight}); a {@link ProviderException} means the call
 *       itself failed (unreachable, throttled, 5xx) and is retried with backoff.
 *   <li>Thread-safe: different resources may be driven from different threads at once.
 * </ul>
 *
 * <p>The data-plane placement hook ({@link #placeDataPlanes}, {@link #observeDataPlanes}, {@link
 * #removeDataPlanes}, {@link #placedDataPlaneGroups}) has defaults for providers that launch no
 * nodes: the group is {@link DataPlaneObservation.External} and the operator joins nodes.
 */
public interface NetworkProvider {

  /** The account this provider serves, as listed at {@code /v2/cloud-gateways/provider-accounts}. */
  ProviderAccount account();

  /** Regions and their availability zones offered by this provider. */
  List<ProviderRegion> regions();

  /** Starts provisioning the provider network, or does nothing if it exists. */
  void createNetwork(NetworkRef network);

  /** What the provider sees of the network now. */
  NetworkObservation observeNetwork(NetworkRef network);

  /** Starts deleting the provider network, or does nothing if it is absent. */
  void deleteNetwork(NetworkRef network);

  /**
   * Checks that Causeway may peer with the customer's network: consent granted in their tenant,
   * role assigned on their VNET, VNET found, address spaces not overlapping. Makes no change.
   */
  Preflight preflight(PeeringRef peering);

  /**
   * Starts creating both sides of the peering, or does nothing if they exist.
   *
   * @throws RefusedException when the provider refused the write for a reason the customer or the
   *     input must fix although the preflight passed (a role or consent withdrawn since, a
   *     permission only a write can prove); recorded like a blocked preflight
   */
  void createPeering(PeeringRef peering);

  /** What the provider sees of the peering now (both sides). */
  PeeringObservation observePeering(PeeringRef peering);

  /** Starts removing both sides of the peering, or does nothing if they are absent. */
  void deletePeering(PeeringRef peering);

  /**
   * Launches the group's missing data-plane nodes in its network, or does nothing when they run.
   * Idempotent and level-triggered like every method here: nodes launched earlier, by this
   * instance or by an earlier one (a control plane restarted after a crash), are adopted, never
   * duplicated; a node that ended is launched again. Called only while the group's network is
   * ready. May block (starting processes, cloud calls). Mints join tokens through {@code launch}
   * only for nodes it really launches. The default launches nothing.
   *
   * @throws ProviderException when the launch itself failed; retried with backoff
   */
  default void placeDataPlanes(DataPlaneGroupRef group, DataPlaneLaunch launch) {}

  /**
   * What the provider sees of the group's nodes now; makes no change. The default is {@link
   * DataPlaneObservation.External}: start nodes yourself and join them with {@code causeway
   * data-plane --control-plane URL --join-token T}.
   */
  default DataPlaneObservation observeDataPlanes(DataPlaneGroupRef group) {
    return new DataPlaneObservation.External(
        "the "
            + account().providerAccountId()
            + " provider does not launch data-plane nodes: start them in network "
            + group.network().spec().name()
            + " and join them with causeway data-plane --control-plane URL --join-token T (POST"
            + " /v2/control-planes/"
            + group.controlPlaneId()
            + "/join-tokens mints T)");
  }

  /**
   * Ends every node the provider launched for the group and forgets them; does nothing when there
   * are none. Idempotent; may block (waits for the processes to end).
   */
  default void removeDataPlanes(UUID groupId) {}

  /**
   * The groups this provider runs nodes for (launched and not removed), including those an earlier
   * instance launched, so the reconciler can remove groups no configuration asks for any more.
   */
  default List<UUID> placedDataPlaneGroups() {
    return List.of();
  }
}
