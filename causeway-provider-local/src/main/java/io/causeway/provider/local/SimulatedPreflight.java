package io.causeway.provider.local;

import io.causeway.model.AzureVnetPeering;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.Preflight.Kind;
import java.util.Locale;
import java.util.Set;

/** The simulated provider's access checks, driven by naming conventions (see SimulatedProvider). */
final class SimulatedPreflight {
  private SimulatedPreflight() {}

  static Preflight check(PeeringRef peering, Set<String> consentedTenants) {
    AzureVnetPeering remote = peering.remote();
    String tenant = remote.tenantId().toLowerCase(Locale.ROOT);
    String vnet = remote.vnetName().toLowerCase(Locale.ROOT);
    if (tenant.equals(SimulatedProvider.NO_CONSENT_TENANT) && !consentedTenants.contains(tenant)) {
      return blocked(
          Kind.CONSENT_MISSING,
          "CONSENT_MISSING",
          "simulated: admin consent for the Causeway peering app is missing in tenant "
              + remote.tenantId()
              + "; an administrator of that tenant must open the consent URL from"
              + " GET .../azure-setup and approve it");
    }
    if (vnet.startsWith("norole-")) {
      return blocked(
          Kind.ROLE_MISSING,
          "AUTHORIZATION_FAILED",
          "simulated: the Causeway service principal has no peering role on VNET "
              + remote.vnetResourceId()
              + "; create the role and assign it with the commands from GET .../azure-setup");
    }
    if (vnet.startsWith("missing-")) {
      return blocked(
          Kind.VNET_NOT_FOUND,
          "RESOURCE_NOT_FOUND",
          "simulated: VNET " + remote.vnetResourceId() + " was not found; check subscription_id,"
              + " resource_group_name and vnet_name, then create a new transit gateway");
    }
    if (vnet.startsWith("overlap-")) {
      return blocked(
          Kind.ADDRESS_SPACE_OVERLAP,
          "VNET_ADDRESS_SPACES_OVERLAP",
          "simulated: the address space of VNET "
              + remote.vnetName()
              + " overlaps the network's "
              + peering.network().spec().cidrBlock());
    }
    return new Preflight.Passed();
  }

  private static Preflight blocked(Kind kind, String status, String reason) {
    return new Preflight.Blocked(new Preflight.Problem(kind, status, reason));
  }
}
