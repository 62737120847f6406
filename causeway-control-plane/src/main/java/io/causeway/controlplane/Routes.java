package io.causeway.controlplane;

import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Every route of the API, and what stands in front of {@code /v2}: authentication (before any
 * route matches), then, once a route matched, the role check of {@link Roles} and the audit
 * log's {@code before}, and after the route the audit row (see {@link AuditLog}).
 */
final class Routes {
  private final Authenticator authenticator;
  private final StatusApi status;
  private final CatalogApi catalog;
  private final NetworksApi networks;
  private final TransitGatewaysApi gateways;
  private final PeeringSetupApi setup;
  private final TokensApi tokens;
  private final ControlPlanesApi controlPlanes;
  private final ConfigurationsApi configurations;
  private final AuditLog audit;
  private final AuditApi auditApi;

  Routes(
      Store store,
      AccountProviders providers,
      Tokens tokenMaker,
      Hooks hooks,
      String providerName,
      Map<String, String> environment,
      Bootstrap.Result boot,
      Runnable wake) {
    this.authenticator = new Authenticator(
        store, new FailedAuthLimiter(hooks.clock(), hooks.authFailures(), hooks.authRefill()),
        hooks.clock(), boot.organizationId());
    this.audit = new AuditLog(store, hooks.clock(), AuditLog.retention(environment));
    this.auditApi = new AuditApi(store);
    this.status = new StatusApi(store, providerName);
    this.catalog = new CatalogApi(store, providers);
    this.networks = new NetworksApi(store, providers.catalog(), wake);
    this.gateways = new TransitGatewaysApi(store, wake);
    this.setup = new PeeringSetupApi(store, gateways, providers,
        nonBlank(environment.get("CAUSEWAY_AZURE_CLIENT_ID")),
        nonBlank(environment.get("CAUSEWAY_AZURE_ROLE_NAME")),
        nonBlank(environment.get("CAUSEWAY_AZURE_AUTHORITY_HOST")), wake);
    this.tokens = new TokensApi(store, tokenMaker);
    this.controlPlanes = new ControlPlanesApi(store, boot);
    this.configurations = new ConfigurationsApi(store, providers, hooks.clock(), wake);
  }

  void add(RoutesConfig routes) {
    routes.before("/v2/*", ctx -> {
      if (!ctx.path().equals(CatalogApi.AVAILABILITY)) {
        authenticator.authenticate(ctx);
      }
    });
    routes.beforeMatched("/v2/*", ctx -> {
      Principal who = ctx.attribute(Authenticator.ATTRIBUTE);
      if (who == null) {
        return;
      }
      Optional<String> route = AuditLog.route(ctx);
      Roles.authorize(who, ctx.method().name(), route);
      route.ifPresent(r -> audit.before(ctx, who, r));
    });
    routes.afterMatched("/v2/*", audit::after);
    auditApi.routes(routes);
    status.routes(routes);
    catalog.routes(routes);
    networks.routes(routes);
    gateways.routes(routes);
    setup.routes(routes);
    tokens.routes(routes);
    controlPlanes.routes(routes);
    configurations.routes(routes);
  }

  /** Once the server runs: its GET handlers, for the audit log's {@code before}. */
  void listening(ApiServer server) {
    audit.listening(server.gets());
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
