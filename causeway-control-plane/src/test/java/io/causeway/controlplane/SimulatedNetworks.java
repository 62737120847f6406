package io.causeway.controlplane;

import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderRegion;
import io.causeway.provider.local.SimulatedProvider;
import java.util.List;

/**
 * A test provider whose networks and peerings are the simulated provider's: placement fakes
 * extend it and say only how they place data planes.
 */
abstract class SimulatedNetworks implements NetworkProvider {
  protected final SimulatedProvider networks;

  SimulatedNetworks(SimulatedProvider networks) {
    this.networks = networks;
  }

  @Override
  public ProviderAccount account() {
    return networks.account();
  }

  @Override
  public List<ProviderRegion> regions() {
    return networks.regions();
  }

  @Override
  public void createNetwork(NetworkRef network) {
    networks.createNetwork(network);
  }

  @Override
  public NetworkObservation observeNetwork(NetworkRef network) {
    return networks.observeNetwork(network);
  }

  @Override
  public void deleteNetwork(NetworkRef network) {
    networks.deleteNetwork(network);
  }

  @Override
  public Preflight preflight(PeeringRef peering) {
    return networks.preflight(peering);
  }

  @Override
  public void createPeering(PeeringRef peering) {
    networks.createPeering(peering);
  }

  @Override
  public PeeringObservation observePeering(PeeringRef peering) {
    return networks.observePeering(peering);
  }

  @Override
  public void deletePeering(PeeringRef peering) {
    networks.deletePeering(peering);
  }
}
