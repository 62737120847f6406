package io.causeway.controlplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.Catalog;
import io.causeway.model.NetworkRequests;
import io.causeway.model.NetworkRequests.NetworkCreate;
import io.causeway.model.NetworkSpec;
import io.causeway.model.NetworkState;
import io.causeway.store.ConfigurationRow;
import io.causeway.store.Filter;
import io.causeway.store.NetworkRow;
import io.causeway.store.Page;
import io.causeway.store.PageRequest;
import io.causeway.store.Store;
import io.causeway.store.TransitGatewayRow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /v2/cloud-gateways/networks}: list, create, get, PATCH (name), DELETE. DELETE answers
 * 400 while the network is transitional and 409 while cloud gateway configurations reference it
 * or transit gateways still exist; otherwise the network goes to {@code terminating} and the
 * reconciler removes it.
 */
final class NetworksApi {
  static final String PATH = "/v2/cloud-gateways/networks";
  private static final Map<String, Queries.FilterField> FILTERS =
      Map.of(
          "name", Queries.FilterField.string(),
          "state",
          Queries.FilterField.enumeration(
              Arrays.stream(NetworkState.values()).map(NetworkState::wire).toList()));

  private final Store store;
  private final Catalog catalog;
  private final Runnable wake;

  NetworksApi(Store store, Catalog catalog, Runnable wake) {
    this.store = store;
    this.catalog = catalog;
    this.wake = wake;
  }

  void routes(RoutesConfig routes) {
    routes.get(PATH, this::list);
    routes.post(PATH, this::create);
    routes.get(PATH + "/{networkId}", this::get);
    routes.patch(PATH + "/{networkId}", this::patch);
    routes.delete(PATH + "/{networkId}", this::delete);
  }

  private void list(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    List<Filter> filters = new ArrayList<>(Queries.filters(ctx, FILTERS));
    filters.add(Filter.neq("state", NetworkState.TERMINATED.wire()));
    Page<NetworkRow> page = store.networks().list(who.organizationId(), filters, Queries.page(ctx));
    List<ObjectNode> items = page.items().stream().map(this::render).toList();
    Responses.json(ctx, 200, Wire.page(page, items));
  }

  private void create(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    NetworkCreate request = NetworkRequests.create(Bodies.json(ctx), catalog).orElseThrow();
    NetworkSpec spec = request.spec();
    NetworkRow row =
        store
            .networks()
            .insert(
                NetworkRow.create(
                    UUID.randomUUID(),
                    who.organizationId(),
                    spec.name(),
                    spec.providerAccountId().toString(),
                    spec.region(),
                    Wire.zonesJson(spec.availabilityZones()),
                    spec.cidrBlock(),
                    false,
                    request.initialState().wire()));
    wake.run();
    Responses.json(ctx, 201, render(row));
  }

  private void get(Context ctx) {
    Responses.json(ctx, 200, render(find(ctx)));
  }

  private void patch(Context ctx) {
    NetworkRow first = find(ctx);
    var patch = NetworkRequests.patch(Bodies.json(ctx)).orElseThrow();
    NetworkRow updated =
        Retries.optimistic(first.id(), () -> {
          NetworkRow row = find(ctx);
          if (patch.name().isEmpty() || patch.name().get().equals(row.name())) {
            return Optional.of(row);
          }
          return store.networks().update(row.withName(patch.name().get()), row.entityVersion());
        });
    Responses.json(ctx, 200, render(updated));
  }

  private void delete(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID id = Ids.path(ctx, "networkId");
    store.inTransaction(
        tx -> {
          NetworkRow row = visible(tx.networks().getForUpdate(who.organizationId(), id));
          NetworkState state = NetworkState.fromWire(row.state()).orElseThrow();
          if (state.isTransitional()) {
            throw ApiException.badState("state",
                "Network " + id + " is " + state.wire() + "; it can be deleted once it is"
                    + " ready or offline");
          }
          Page<ConfigurationRow> uses =
              tx.configurations().listByNetwork(id, PageRequest.first(10));
          if (uses.total() > 0) {
            throw ApiException.conflict(
                "Network " + id + " is referenced by " + uses.total() + " cloud gateway"
                    + " configuration(s): " + configurationNames(uses.items())
                    + "; remove its data-plane groups from them first");
          }
          List<TransitGatewayRow> gateways = tx.transitGateways().listByNetwork(id);
          if (!gateways.isEmpty()) {
            throw ApiException.conflict(
                "Network " + id + " still has transit gateways: " + names(gateways)
                    + "; delete them first");
          }
          tx.networks()
              .update(
                  row.withState(
                      NetworkState.TERMINATING.wire(),
                      Optional.of("TERMINATING"),
                      Optional.of("deletion requested")),
                  row.entityVersion())
              .orElseThrow(() -> changedMeanwhile(id));
          return null;
        });
    wake.run();
    ctx.status(204);
  }

  private static String configurationNames(List<ConfigurationRow> configurations) {
    return String.join(", ", configurations.stream()
        .map(c -> c.id() + " (control plane " + c.controlPlaneId() + ")")
        .toList());
  }

  static String names(List<TransitGatewayRow> gateways) {
    return gateways.stream()
        .map(g -> "[" + g.name() + "] (" + g.id() + ", " + g.state() + ")")
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  private NetworkRow find(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    return visible(store.networks().get(who.organizationId(), Ids.path(ctx, "networkId")));
  }

  /** Terminated networks are gone for the API (DESIGN §9: GET answers 404). */
  static NetworkRow visible(Optional<NetworkRow> row) {
    return row.filter(r -> !r.state().equals(NetworkState.TERMINATED.wire()))
        .orElseThrow(ApiException::notFound);
  }

  static ApiException changedMeanwhile(UUID id) {
    return ApiException.conflict(
        "Entity " + id + " changed while this request was processed; retry");
  }

  private ObjectNode render(NetworkRow row) {
    return Wire.network(row, store.transitGateways().countByNetwork(row.id()),
        store.configurations().countByNetwork(row.id()));
  }
}
