package io.causeway.provider.azure;

import io.causeway.model.AzureSetup;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.Preflight.Kind;
import io.causeway.model.Preflight.Problem;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Entra and ARM answered about a customer's VNET into a {@link Problem} whose reason
 * says exactly what is missing and how to fix it: the consent URL, the role assignment command
 * (the same role name and commands as {@code GET .../azure-setup}), the names that were looked up,
 * both address ranges. Anything else is not a problem of the customer's input and stays an
 * exception.
 */
final class Remediation {
  private static final Pattern ACTION = Pattern.compile("perform action '([^']+)'");

  private final AzureConfig config;

  Remediation(AzureConfig config) {
    this.config = config;
  }

  AzureSetup setup(AzureVnetPeering remote) {
    return AzureSetup.of(
        remote, config.clientId(), config.roleNameFor(remote.subscriptionId()), config.authorityHost());
  }

  /** The problem behind a refused customer-tenant token, if it is one the customer can fix. */
  Optional<Problem> token(AzureVnetPeering remote, TokenSource.TokenFailure failure) {
    if (failure.isConsentMissing()) {
      int code = failure.aadsts().orElse(700016);
      return Optional.of(new Problem(Kind.CONSENT_MISSING, "CONSENT_MISSING",
          "admin consent for the Causeway app " + config.clientId() + " is missing in tenant "
              + remote.tenantId() + " (Entra answered AADSTS" + code + ": the app has no service"
              + " principal there). An administrator of tenant " + remote.tenantId()
              + " must open " + setup(remote).adminConsentUrl() + " and accept; Causeway then"
              + " continues by itself (POST .../verify checks at once)."));
    }
    if (failure.isTenantNotFound()) {
      return Optional.of(new Problem(Kind.OTHER, "TENANT_NOT_FOUND",
          "tenant_id " + remote.tenantId() + " does not exist in Entra ID (AADSTS90002): check"
              + " the tenant id and create a new transit gateway with the right one."));
    }
    return Optional.empty();
  }

  /** The problem behind an ARM error about the customer's VNET, if the customer can fix it. */
  Optional<Problem> arm(AzureVnetPeering remote, ArmException e) {
    String vnetId = remote.vnetResourceId();
    return switch (e.code()) {
      case "AuthorizationFailed", "LinkedAuthorizationFailed" ->
          Optional.of(roleMissing(remote, e));
      case "ResourceGroupNotFound" -> Optional.of(new Problem(Kind.VNET_NOT_FOUND,
          "RESOURCE_GROUP_NOT_FOUND", "resource group " + remote.resourceGroupName()
              + " was not found in subscription " + remote.subscriptionId() + " (looked up VNET "
              + vnetId + "): check resource_group_name and subscription_id, then create a new"
              + " transit gateway with the right names."));
      case "ResourceNotFound", "NotFound", "RemoteVnetNotFound" -> Optional.of(new Problem(Kind.VNET_NOT_FOUND,
          "RESOURCE_NOT_FOUND", "VNET " + remote.vnetName() + " was not found in resource group "
              + remote.resourceGroupName() + " of subscription " + remote.subscriptionId()
              + " (looked up " + vnetId + "): check vnet_name, then create a new transit"
              + " gateway with the right name."));
      case "SubscriptionNotFound" -> Optional.of(new Problem(Kind.VNET_NOT_FOUND,
          "SUBSCRIPTION_NOT_FOUND", "subscription " + remote.subscriptionId() + " was not found"
              + " (looked up VNET " + vnetId + "): check subscription_id, then create a new"
              + " transit gateway with the right one."));
      case "InvalidAuthenticationTokenTenant" -> Optional.of(new Problem(Kind.OTHER,
          "SUBSCRIPTION_NOT_IN_TENANT", "subscription " + remote.subscriptionId()
              + " does not belong to tenant " + remote.tenantId() + ": check tenant_id and"
              + " subscription_id, then create a new transit gateway with the right ones."));
      case "VnetAddressSpacesOverlap", "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet" ->
          Optional.of(new Problem(Kind.ADDRESS_SPACE_OVERLAP, "VNET_ADDRESS_SPACES_OVERLAP",
              "Azure refused the peering (" + e.code() + "): " + e.getMessage()));
      default -> Optional.empty();
    };
  }

  Problem roleMissing(AzureVnetPeering remote, ArmException e) {
    AzureSetup setup = setup(remote);
    String action = actionOf(e).map(a -> " for action '" + a + "'").orElse("");
    return new Problem(Kind.ROLE_MISSING,
        e.code().equals("LinkedAuthorizationFailed")
            ? "LINKED_AUTHORIZATION_FAILED" : "AUTHORIZATION_FAILED",
        "the Causeway app " + config.clientId() + " has no peering role on VNET "
            + remote.vnetResourceId() + " (ARM answered " + e.code() + action + "). Assign it"
            + " with: " + setup.roleAssignmentCommand() + " (if the role does not exist yet in"
            + " subscription " + remote.subscriptionId() + ", create it first with the"
            + " role_definition_command of GET .../azure-setup). A new assignment can take a few"
            + " minutes to apply; Causeway retries by itself. Azure answers the same when the"
            + " VNET does not exist: check subscription_id, resource_group_name and vnet_name.");
  }

  Problem overlap(AzureVnetPeering remote, String networkCidr, List<String> customerPrefixes,
      List<String> overlapping) {
    return new Problem(Kind.ADDRESS_SPACE_OVERLAP, "VNET_ADDRESS_SPACES_OVERLAP",
        "the address space of VNET " + remote.vnetResourceId() + " (" + String.join(", ",
            customerPrefixes) + ") overlaps the network's cidr_block " + networkCidr
            + " (overlapping: " + String.join(", ", overlapping) + "); peered address spaces"
            + " must be disjoint: create the network with a CIDR outside the VNET's ranges, or"
            + " peer a different VNET.");
  }

  /** Text for failures in Causeway's own subscription: the operator must act. */
  String operator(ArmException e) {
    String scope = "/subscriptions/" + config.subscriptionId() + "/resourceGroups/"
        + config.resourceGroup();
    String base = "Azure Resource Manager answered " + (e.status() == 0 ? "" : e.status() + " ")
        + e.code() + ": " + e.getMessage();
    return switch (e.code()) {
      case "AuthorizationFailed" -> base + " -- the operator must give the Causeway app "
          + config.clientId() + " Network Contributor on its resource group: az role assignment"
          + " create --role \"Network Contributor\" --assignee " + config.clientId()
          + " --scope \"" + scope + "\"";
      case "ResourceGroupNotFound" -> base + " -- the operator must create resource group "
          + config.resourceGroup() + " (" + AzureConfig.RESOURCE_GROUP + ") in subscription "
          + config.subscriptionId() + ": az group create --subscription "
          + config.subscriptionId() + " --name " + config.resourceGroup() + " --location <region>";
      default -> base;
    };
  }

  /** Text for a refused token of Causeway's own tenant: the operator's credentials. */
  String operator(TokenSource.TokenFailure failure) {
    return failure.getMessage() + " -- check " + AzureConfig.TENANT_ID + ", "
        + AzureConfig.CLIENT_ID + " and " + AzureConfig.CLIENT_SECRET + " / "
        + AzureConfig.CLIENT_CERTIFICATE + " (the secret's value, not its id; not expired)";
  }

  private static Optional<String> actionOf(ArmException e) {
    Matcher m = ACTION.matcher(String.valueOf(e.getMessage()));
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return Optional.ofNullable(last);
  }
}
