package io.causeway.provider.azure;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@code azure} provider: provider VNETs in the operator's subscription and cross-tenant
 * peerings with customers' VNETs, through Azure Resource Manager. Customer-fixable problems
 * (consent, role, VNET not found, overlap) are values with precise remediation, or a {@link
 * io.causeway.model.RefusedException} carrying one when only a write shows them; everything else
 * becomes a {@link ProviderException} (with ARM's {@code Retry-After} when it sent one), which
 * this class is the one place to produce.
 */
final class AzureProvider implements NetworkProvider {
  private final AzureConfig config;
  private final ProviderAccount account;
  private final Remediation remedies;
  private final AzureNetworks networks;
  private final AzurePeerings peerings;
  private final ArmPaths paths;

  AzureProvider(AzureConfig config, ArmClient arm, Duration operationBudget) {
    this.config = config;
    this.account = new ProviderAccount(
        UUID.nameUUIDFromBytes(("causeway-azure/" + config.subscriptionId())
            .getBytes(StandardCharsets.UTF_8)),
        "azure",
        config.subscriptionId(),
        "Azure subscription " + config.subscriptionId() + ", resource group "
            + config.resourceGroup());
    this.remedies = new Remediation(config);
    this.paths = new ArmPaths(config);
    this.networks = new AzureNetworks(config, arm, paths, operationBudget);
    this.peerings = new AzurePeerings(config, arm, paths, remedies, operationBudget);
  }

  @Override
  public ProviderAccount account() {
    return account;
  }

  @Override
  public List<ProviderRegion> regions() {
    return config.regions();
  }

  @Override
  public void createNetwork(NetworkRef network) {
    guarded("creating network " + network.networkId(), () -> {
      networks.create(network);
      return null;
    });
  }

  @Override
  public NetworkObservation observeNetwork(NetworkRef network) {
    return guarded("observing network " + network.networkId(), () -> networks.observe(network));
  }

  @Override
  public void deleteNetwork(NetworkRef network) {
    guarded("deleting network " + network.networkId(), () -> {
      networks.delete(network);
      return null;
    });
  }

  @Override
  public Preflight preflight(PeeringRef peering) {
    return guarded("checking access to VNET " + peering.remote().vnetResourceId(),
        () -> peerings.preflight(peering));
  }

  @Override
  public void createPeering(PeeringRef peering) {
    guarded("peering with VNET " + peering.remote().vnetResourceId(), () -> {
      peerings.create(peering);
      return null;
    });
  }

  @Override
  public PeeringObservation observePeering(PeeringRef peering) {
    return guarded("observing the peering with VNET " + peering.remote().vnetResourceId(),
        () -> peerings.observe(peering));
  }

  @Override
  public void deletePeering(PeeringRef peering) {
    guarded("removing the peering with VNET " + peering.remote().vnetResourceId(), () -> {
      peerings.delete(peering);
      return null;
    });
  }

  /**
   * Causeway launches no VMs in Azure (yet): the group stays external and the reason says exactly
   * where nodes go and how they join. Pure text, no ARM call: the reconciler asks often, and the
   * network is ready whenever it asks.
   */
  @Override
  public DataPlaneObservation observeDataPlanes(DataPlaneGroupRef group) {
    NetworkRef network = group.network();
    String vnetId = paths.vnetId(network.networkId());
    String subnet = AzureNetworks.dataPlaneSubnet(network.spec().cidrBlock());
    int n = group.instances();
    return new DataPlaneObservation.External("Causeway does not launch VMs in Azure: start " + n
        + (n == 1 ? " VM" : " VMs") + " in region " + network.spec().region() + ", subnet "
        + ArmPaths.DATA_PLANE_SUBNET + " (" + subnet + ") of VNET "
        + paths.vnetName(network.networkId()) + " (subnet id " + vnetId + "/subnets/"
        + ArmPaths.DATA_PLANE_SUBNET + "), and on each run: causeway data-plane --control-plane"
        + " URL --join-token T, where URL is this control plane's cluster listener (port 8005 by"
        + " default) as reached from that subnet and T is a single-use token from POST"
        + " /v2/control-planes/" + group.controlPlaneId() + "/join-tokens (one per VM).");
  }

  @Override
  public String toString() {
    return "AzureProvider[subscription=" + config.subscriptionId() + ", resourceGroup="
        + config.resourceGroup() + ", app=" + config.clientId() + "]";
  }

  private <T> T guarded(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (ArmException e) {
      throw new ProviderException(what + ": " + remedies.operator(e), e.retryAfter(), null);
    } catch (TokenSource.TokenFailure f) {
      String text = f.tenantId().equalsIgnoreCase(config.tenantId())
          ? remedies.operator(f)
          : f.getMessage();
      throw new ProviderException(what + ": " + text, Optional.empty(), null);
    }
  }
}
