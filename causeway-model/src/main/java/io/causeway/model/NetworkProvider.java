package io.causeway.model;

import java.util.List;

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

  /** Starts creating both sides of the peering, or does nothing if they exist. */
  void createPeering(PeeringRef peering);

  /** What the provider sees of the peering now (both sides). */
  PeeringObservation observePeering(PeeringRef peering);

  /** Starts removing both sides of the peering, or does nothing if they are absent. */
  void deletePeering(PeeringRef peering);
}
