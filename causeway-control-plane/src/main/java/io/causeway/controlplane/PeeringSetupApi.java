package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.AzureSetup;
import io.causeway.model.AzureVnetPeering;
import io.causeway.model.NetworkProvider;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderException;
import io.causeway.model.TransitGatewayState;
import io.causeway.store.NetworkRow;
import io.causeway.store.Store;
import io.causeway.store.TransitGatewayRow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Optional;

/**
 * Our extensions for Azure attachments, whatever the provider: {@code GET .../azure-setup} (the
 * customer's steps: admin consent, role definition, role assignment) and {@code POST .../verify}
 * (run the access preflight now and record its outcome in {@code state_metadata}).
 */
final class PeeringSetupApi {
  /** Used when the operator configured no app: a placeholder that is clearly not real. */
  static final String PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000";

  private final Store store;
  private final TransitGatewaysApi gateways;
  private final AccountProviders providers;
  private final String appClientId;
  private final boolean configuredApp;
  private final String roleName;
  private final URI authorityHost;
  private final Runnable wake;

  PeeringSetupApi(
      Store store,
      TransitGatewaysApi gateways,
      AccountProviders providers,
      Optional<String> appClientId,
      Optional<String> roleName,
      Optional<String> authorityHost,
      Runnable wake) {
    this.store = store;
    this.gateways = gateways;
    this.providers = providers;
    this.appClientId = appClientId.orElse(PLACEHOLDER_APP_ID);
    this.configuredApp = appClientId.isPresent();
    this.roleName = roleName.orElse(AzureSetup.DEFAULT_ROLE_NAME);
    // Same variable the azure provider reads: sovereign clouds have their own consent page.
    this.authorityHost =
        URI.create(authorityHost.orElse(AzureSetup.PUBLIC_CLOUD_AUTHORITY_HOST));
    this.wake = wake;
  }

  void routes(RoutesConfig routes) {
    routes.get(TransitGatewaysApi.PATH + "/{transitGatewayId}/azure-setup", this::setup);
    routes.post(TransitGatewaysApi.PATH + "/{transitGatewayId}/verify", this::verify);
  }

  private void setup(Context ctx) {
    TransitGatewayRow row = gateways.find(ctx, Authenticator.principal(ctx));
    AzureVnetPeering remote = Wire.attachment(row);
    // Role names are unique per tenant: one per subscription avoids RoleDefinitionWithSameNameExists
    // for a customer with VNETs in several subscriptions, and matches what the azure provider asks for.
    String role = AzureSetup.roleNameForSubscription(roleName, remote.subscriptionId());
    AzureSetup setup = AzureSetup.of(remote, appClientId, role, authorityHost);
    ObjectNode body = Json.object();
    body.put("transit_gateway_id", row.id().toString());
    body.put("app_client_id", appClientId);
    body.put("role_name", role);
    body.put("admin_consent_url", setup.adminConsentUrl());
    body.set("role_definition", setup.roleDefinition());
    body.put("role_definition_command", setup.roleDefinitionCommand());
    body.put("role_assignment_command", setup.roleAssignmentCommand());
    ArrayNode steps = body.putArray("steps");
    steps.add("An administrator of tenant " + remote.tenantId() + " opens admin_consent_url and"
        + " approves the app " + appClientId + ".");
    steps.add("In subscription " + remote.subscriptionId() + ", run role_definition_command.");
    steps.add("Run role_assignment_command to assign the role on VNET "
        + remote.vnetResourceId() + ".");
    steps.add("POST .../transit-gateways/" + row.id() + "/verify to check access now.");
    if (!configuredApp) {
      body.put("note", "No Azure app is configured (CAUSEWAY_AZURE_CLIENT_ID): the app id is a"
          + " placeholder. With the simulated provider nothing is sent to Azure.");
    }
    Responses.json(ctx, 200, body);
  }

  private void verify(Context ctx) {
    TransitGatewayRow row = gateways.find(ctx, Authenticator.principal(ctx));
    TransitGatewayState state = TransitGatewayState.fromWire(row.state()).orElseThrow();
    if (state == TransitGatewayState.TERMINATING) {
      throw ApiException.badState("state", "Transit gateway " + row.id() + " is terminating");
    }
    NetworkRow network = store.networks().findById(row.networkId()).orElseThrow();
    NetworkProvider provider = providers.forNetwork(network).orElseThrow(
        () -> ApiException.badState("cloud_gateway_provider_account_id", "Network " + network.id() + " uses provider account "
            + network.providerAccountId() + ", which this control plane does not run"));
    PeeringRef ref = new PeeringRef(row.id(), Reconciler.networkRef(network), Wire.attachment(row),
        Wire.dnsConfig(row));
    Preflight result;
    try {
      result = provider.preflight(ref);
    } catch (ProviderException e) {
      throw ApiException.unavailable("The provider could not be asked: " + e.getMessage());
    }
    Principal who = Authenticator.principal(ctx);
    TransitGatewayRow recorded = Retries.optimistic(row.id(), () -> {
      TransitGatewayRow current = gateways.find(ctx, who);
      return record(current, TransitGatewayState.fromWire(current.state()).orElseThrow(), result);
    });
    wake.run();
    Responses.json(ctx, 200, Wire.transitGateway(recorded));
  }

  private Optional<TransitGatewayRow> record(
      TransitGatewayRow row, TransitGatewayState state, Preflight result) {
    boolean waiting =
        state == TransitGatewayState.PENDING_USER_ACTION
            || state == TransitGatewayState.ERROR
            || state == TransitGatewayState.CREATED;
    TransitGatewayRow changed =
        switch (result) {
          case Preflight.Passed p ->
              row.withState(row.state(), Optional.of("VERIFIED"),
                  Optional.of(PeeringSteps.withWarnings(
                      waiting
                          ? "verified: access is in place; the peering is created next"
                          : "verified: access is in place",
                      p)));
          case Preflight.Blocked b when waiting -> {
            Outcome o = PeeringSteps.blocked(b.problem(), Optional.empty());
            yield row.withState(o.state(), Optional.of(o.metadata().reportedStatus()),
                Optional.of(o.metadata().reason()));
          }
          case Preflight.Blocked b ->
              row.withState(row.state(), Optional.of(b.problem().reportedStatus()),
                  Optional.of("warning: " + b.problem().reason()));
        };
    return store.transitGateways().update(changed, row.entityVersion());
  }
}
