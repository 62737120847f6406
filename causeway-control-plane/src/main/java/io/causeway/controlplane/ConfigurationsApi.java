package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.ConfigurationRequests;
import io.causeway.model.ConfigurationRequests.ConfigurationCreate;
import io.causeway.model.ConfigurationRequests.GroupSpec;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.model.NetworkState;
import io.causeway.store.ConfigurationRow;
import io.causeway.store.NetworkRow;
import io.causeway.store.Page;
import io.causeway.store.Store;
import io.causeway.store.Tx;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /v2/cloud-gateways/configurations}: PUT (create or replace a control plane's data-plane
 * groups), list and get; and {@code GET /v2/cloud-gateways/networks/{id}/configuration-references}.
 * A PUT that changes nothing is a 409 ("identical", as the contract's example). Group states are
 * derived when read, from the networks' current rows and the providers' observation of their
 * nodes ({@link Placement}); the reconciler launches and removes nodes ({@link GroupSteps}); the
 * networks a configuration references cannot be deleted ({@link NetworksApi}).
 */
final class ConfigurationsApi {
  static final String PATH = "/v2/cloud-gateways/configurations";
  private static final Map<String, Queries.FilterField> FILTERS =
      Map.of(
          "control_plane_id", Queries.FilterField.string(),
          "control_plane_geo", Queries.FilterField.enumeration(ConfigurationRequests.GEOS));

  private final Store store;
  private final AccountProviders providers;
  private final Clock clock;
  private final Runnable wake;

  ConfigurationsApi(Store store, AccountProviders providers, Clock clock, Runnable wake) {
    this.store = store;
    this.providers = providers;
    this.clock = clock;
    this.wake = wake;
  }

  void routes(RoutesConfig routes) {
    routes.get(PATH, this::list);
    routes.put(PATH, this::put);
    routes.get(PATH + "/{configurationId}", this::get);
    routes.get(NetworksApi.PATH + "/{networkId}/configuration-references", this::references);
  }

  private void list(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    Page<ConfigurationRow> page = store.configurations()
        .list(who.organizationId(), Queries.filters(ctx, FILTERS), Queries.page(ctx));
    Responses.json(ctx, 200, Wire.page(page, page.items().stream().map(this::render).toList()));
  }

  private void get(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    ConfigurationRow row = store.configurations()
        .get(who.organizationId(), Ids.path(ctx, "configurationId"))
        .orElseThrow(ApiException::notFound);
    Responses.json(ctx, 200, render(row));
  }

  private void references(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID network = Ids.path(ctx, "networkId");
    NetworksApi.visible(store.networks().get(who.organizationId(), network));
    Page<ConfigurationRow> page =
        store.configurations().listByNetwork(network, Queries.page(ctx));
    Responses.json(ctx, 200, Wire.page(page, page.items().stream().map(this::render).toList()));
  }

  private void put(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    ConfigurationCreate request = ConfigurationRequests.create(Bodies.json(ctx)).orElseThrow();
    UUID org = who.organizationId();
    ConfigurationRow stored = store.inTransaction(tx -> {
      if (tx.controlPlanes().get(org, request.controlPlaneId()).isEmpty()) {
        throw ApiException.badRequest(InvalidParameter.of("control_plane_id",
            Rule.MISSING_REFERENCE, "control_plane_id: " + request.controlPlaneId()
                + " (expected: the id of an existing control plane)"));
      }
      Map<UUID, NetworkRow> networks = lockNetworks(tx, org, request.groups());
      Optional<ConfigurationRow> current = tx.configurations().listByControlPlane(
          request.controlPlaneId()).stream()
          .filter(c -> c.controlPlaneGeo().equals(request.controlPlaneGeo()))
          .findFirst();
      ObjectNode document = document(request, current.map(c -> Json.read(c.documentJson())));
      if (current.isPresent() && ConfigurationDocument.sameSpec(
          Json.read(current.get().documentJson()), document)) {
        throw ApiException.conflict("Proposed cloud gateway configuration and current cloud"
            + " gateway configuration are identical.");
      }
      wakeOfflineNetworks(tx, networks.values());
      return tx.configurations().upsert(ConfigurationRow.create(UUID.randomUUID(), org,
          request.controlPlaneId(), request.controlPlaneGeo(), Json.write(document),
          List.copyOf(networks.keySet())));
    });
    wake.run();
    Responses.json(ctx, 200, render(stored));
  }

  /** Locks every referenced network (a concurrent DELETE waits) and checks the groups on it. */
  private Map<UUID, NetworkRow> lockNetworks(Tx tx, UUID org, List<GroupSpec> groups) {
    List<InvalidParameter> problems = new ArrayList<>();
    Map<UUID, NetworkRow> networks = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      GroupSpec group = groups.get(i);
      String path = "dataplane_groups." + i + ".";
      String key = group.provider() + "/" + group.region() + "/" + group.networkId();
      Integer earlier = seen.putIfAbsent(key, i);
      if (earlier != null) {
        problems.add(InvalidParameter.of(path + "cloud_gateway_network_id", Rule.INVALID,
            path + "cloud_gateway_network_id: " + group.networkId() + " (expected: a group"
                + " other than dataplane_groups." + earlier + ", which has the same provider,"
                + " region and network)"));
        continue;
      }
      Optional<NetworkRow> network = tx.networks().getForUpdate(org, group.networkId())
          .filter(n -> !n.state().equals(NetworkState.TERMINATED.wire()));
      if (network.isEmpty()) {
        problems.add(InvalidParameter.of(path + "cloud_gateway_network_id",
            Rule.MISSING_REFERENCE, path + "cloud_gateway_network_id: " + group.networkId()
                + " (expected: the id of an existing network)"));
        continue;
      }
      problems.addAll(Placement.check(network.get(), group, path, providers));
      networks.put(network.get().id(), network.get());
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(problems);
    }
    return networks;
  }

  /** The contract: a referenced network that is {@code offline} moves to initializing. */
  private static void wakeOfflineNetworks(Tx tx, Iterable<NetworkRow> networks) {
    for (NetworkRow n : networks) {
      if (n.state().equals(NetworkState.OFFLINE.wire())) {
        tx.networks().update(n.withState(NetworkState.INITIALIZING.wire(), Optional.empty(),
                Optional.of("referenced by a cloud gateway configuration")), n.entityVersion())
            .orElseThrow(() -> NetworksApi.changedMeanwhile(n.id()));
      }
    }
  }

  /** The stored document: groups keep their id and creation time when their place stays. */
  private ObjectNode document(ConfigurationCreate request, Optional<JsonNode> current) {
    String now = Json.timestamp(clock.instant());
    Map<String, JsonNode> before = new HashMap<>();
    current.ifPresent(c -> c.path("dataplane_groups").forEach(g -> before.put(
        ConfigurationDocument.placeKey(g), g)));
    ObjectNode doc = Json.object();
    doc.put("version", request.version());
    doc.put("kind", ConfigurationRequests.KIND);
    doc.put("api_access", request.apiAccess());
    ArrayNode groups = doc.putArray("dataplane_groups");
    for (GroupSpec spec : request.groups()) {
      ObjectNode group = ConfigurationDocument.groupConfig(spec);
      JsonNode old = before.get(ConfigurationDocument.placeKey(group));
      boolean same = old != null && ConfigurationDocument.groupConfigOf(old).equals(group);
      group.put("id", old == null ? UUID.randomUUID().toString() : old.path("id").asText());
      group.put("created_at", old == null ? now : old.path("created_at").asText());
      group.put("updated_at", same ? old.path("updated_at").asText() : now);
      groups.add(group);
    }
    return doc;
  }

  ObjectNode render(ConfigurationRow row) {
    JsonNode doc = Json.read(row.documentJson());
    ObjectNode node = Json.object();
    node.put("id", row.id().toString());
    node.put("version", doc.path("version").asText());
    node.put("api_access", doc.path("api_access").asText());
    ArrayNode configs = node.putArray("dataplane_group_config");
    ArrayNode groups = node.putArray("dataplane_groups");
    for (JsonNode group : doc.path("dataplane_groups")) {
      configs.add(ConfigurationDocument.groupConfigOf(group));
      groups.add(Placement.render(group, row.controlPlaneId(), networkOf(row, group), providers));
    }
    node.put("kind", doc.path("kind").asText());
    node.put("entity_version", row.entityVersion());
    node.put("created_at", Json.timestamp(row.createdAt()));
    node.put("updated_at", Json.timestamp(row.updatedAt()));
    node.put("control_plane_id", row.controlPlaneId().toString());
    node.put("control_plane_geo", row.controlPlaneGeo());
    return node;
  }

  private Optional<NetworkRow> networkOf(ConfigurationRow row, JsonNode group) {
    return store.networks().get(row.organizationId(),
        UUID.fromString(group.path("cloud_gateway_network_id").asText()));
  }
}
