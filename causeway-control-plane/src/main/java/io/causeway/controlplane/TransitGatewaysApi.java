package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.DnsClaims;
import io.causeway.model.DnsMapping;
import io.causeway.model.InvalidParameter;
import io.causeway.model.NetworkState;
import io.causeway.model.TransitGatewayRequests;
import io.causeway.model.TransitGatewayRequests.TransitGatewayPatch;
import io.causeway.model.TransitGatewaySpec;
import io.causeway.model.TransitGatewayState;
import io.causeway.store.NetworkRow;
import io.causeway.store.Page;
import io.causeway.store.Store;
import io.causeway.store.TransitGatewayRow;
import io.causeway.store.Tx;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.causeway.store.Filter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Transit gateways under a network: list, create, get, PATCH ({@code name} and {@code
 * dns_config}, our extension), DELETE. A transit gateway may be created on a network that is not
 * ready yet: it stays {@code created} until the network is ready, then the reconciler peers it.
 * The network-wide DNS rule (a domain forwarded by one transit gateway only) is checked with the
 * network row locked, so two concurrent requests cannot both claim a domain.
 */
final class TransitGatewaysApi {
  static final String PATH = NetworksApi.PATH + "/{networkId}/transit-gateways";
  private static final Map<String, Queries.FilterField> FILTERS =
      Map.of(
          "name", Queries.FilterField.string(),
          "state",
          Queries.FilterField.enumeration(
              Arrays.stream(TransitGatewayState.values()).map(TransitGatewayState::wire).toList()));

  private final Store store;
  private final Runnable wake;

  TransitGatewaysApi(Store store, Runnable wake) {
    this.store = store;
    this.wake = wake;
  }

  void routes(RoutesConfig routes) {
    routes.get(PATH, this::list);
    routes.post(PATH, this::create);
    routes.get(PATH + "/{transitGatewayId}", this::get);
    routes.patch(PATH + "/{transitGatewayId}", this::patch);
    routes.delete(PATH + "/{transitGatewayId}", this::delete);
  }

  private void list(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    NetworkRow network = network(ctx, who);
    List<Filter> filters = new ArrayList<>(Queries.filters(ctx, FILTERS));
    filters.add(Filter.neq("state", TransitGatewayState.TERMINATED.wire()));
    Page<TransitGatewayRow> page =
        store
            .transitGateways()
            .list(who.organizationId(), network.id(), filters, Queries.page(ctx));
    List<ObjectNode> items = page.items().stream().map(Wire::transitGateway).toList();
    Responses.json(ctx, 200, Wire.page(page, items));
  }

  private void create(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID networkId = network(ctx, who).id();
    TransitGatewaySpec spec = TransitGatewayRequests.create(Bodies.json(ctx)).orElseThrow();
    TransitGatewayRow row =
        store.inTransaction(
            tx -> {
              NetworkRow network =
                  NetworksApi.visible(tx.networks().getForUpdate(who.organizationId(), networkId));
              if (network.state().equals(NetworkState.TERMINATING.wire())) {
                throw ApiException.badState("network.state",
                    "Network " + networkId + " is terminating; it accepts no transit gateways");
              }
              checkDnsClaims(tx, networkId, Optional.empty(), spec.dnsConfig());
              return tx.transitGateways()
                  .insert(
                      TransitGatewayRow.create(
                          UUID.randomUUID(),
                          networkId,
                          who.organizationId(),
                          spec.name(),
                          Wire.attachmentJson(spec.attachment()),
                          Wire.dnsConfigJson(spec.dnsConfig()),
                          TransitGatewayState.CREATED.wire()));
            });
    wake.run();
    Responses.json(ctx, 201, Wire.transitGateway(row));
  }

  private void get(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    Responses.json(ctx, 200, Wire.transitGateway(find(ctx, who)));
  }

  private void patch(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    TransitGatewayRow current = find(ctx, who);
    TransitGatewayPatch patch =
        TransitGatewayRequests.patch(Bodies.json(ctx), spec(current)).orElseThrow();
    TransitGatewayRow updated = Retries.optimistic(current.id(), () ->
        store.inTransaction(
            tx -> {
              tx.networks().getForUpdate(who.organizationId(), current.networkId());
              TransitGatewayRow row =
                  visible(
                      tx.transitGateways()
                          .get(who.organizationId(), current.networkId(), current.id()));
              if (patch.dnsConfig().isPresent()) {
                checkDnsClaims(tx, row.networkId(), Optional.of(row.id()), patch.dnsConfig().get());
              }
              TransitGatewayRow changed = row;
              if (patch.name().isPresent()) {
                changed = changed.withName(patch.name().get());
              }
              if (patch.dnsConfig().isPresent()) {
                changed = changed.withDnsConfigJson(Wire.dnsConfigJson(patch.dnsConfig().get()));
              }
              if (changed.equals(row)) {
                return Optional.of(row);
              }
              return tx.transitGateways().update(changed, row.entityVersion());
            }));
    Responses.json(ctx, 200, Wire.transitGateway(updated));
  }

  private void delete(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    TransitGatewayRow first = find(ctx, who);
    Retries.optimistic(first.id(), () -> {
      TransitGatewayRow row = find(ctx, who);
      TransitGatewayState state = TransitGatewayState.fromWire(row.state()).orElseThrow();
      if (state.isTransitional()) {
        throw ApiException.badState("state",
            "Transit gateway " + row.id() + " is " + state.wire() + "; it can be deleted once it"
                + " is ready, pending-user-action or error");
      }
      return store.transitGateways().update(
          row.withState(
              TransitGatewayState.TERMINATING.wire(),
              Optional.of("TERMINATING"),
              Optional.of("deletion requested")),
          row.entityVersion());
    });
    wake.run();
    ctx.status(204);
  }

  /** The other transit gateways of the network must not forward a domain of {@code proposed}. */
  private static void checkDnsClaims(
      Tx tx, UUID networkId, Optional<UUID> self, List<DnsMapping> proposed) {
    Map<UUID, TransitGatewaySpec> others = new LinkedHashMap<>();
    for (TransitGatewayRow other : tx.transitGateways().listByNetwork(networkId)) {
      if (self.filter(other.id()::equals).isEmpty()
          && !other.state().equals(TransitGatewayState.TERMINATED.wire())) {
        others.put(other.id(), spec(other));
      }
    }
    List<InvalidParameter> problems = DnsClaims.check(proposed, others);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(problems);
    }
  }

  static TransitGatewaySpec spec(TransitGatewayRow row) {
    return new TransitGatewaySpec(row.name(), Wire.attachment(row), Wire.dnsConfig(row));
  }

  TransitGatewayRow find(Context ctx, Principal who) {
    NetworkRow network = network(ctx, who);
    UUID id = Ids.path(ctx, "transitGatewayId");
    return visible(store.transitGateways().get(who.organizationId(), network.id(), id));
  }

  private NetworkRow network(Context ctx, Principal who) {
    return NetworksApi.visible(
        store.networks().get(who.organizationId(), Ids.path(ctx, "networkId")));
  }

  static TransitGatewayRow visible(Optional<TransitGatewayRow> row) {
    return row.filter(r -> !r.state().equals(TransitGatewayState.TERMINATED.wire()))
        .orElseThrow(ApiException::notFound);
  }
}
