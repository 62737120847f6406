package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.store.ConfigurationRow;
import io.causeway.store.NodeRow;
import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /v2/control-planes/{id}/nodes[/{nodeId}]} and {@code .../expected-config-hash}: the data
 * planes that joined, in the contract's {@code {items, page}} shape with {@code page[after]}
 * cursors. Our additions on each node: {@code in_sync}, whether its reported hash is the one
 * expected for its network; {@code cloud_gateway_network_id}, the network its join token bound
 * it to (null: none), and {@code dataplane_group_id}, the control plane's data-plane group in
 * that network (null: none now). Deleting a node revokes its certificate (it must join again
 * with a new token). {@code expected-config-hash} answers the hash for data planes in no network,
 * or in {@code ?cloud_gateway_network_id=}.
 */
final class NodesApi {
  private static final int DEFAULT_SIZE = 100;

  private final Store store;
  private final ClusterHub hub;

  NodesApi(Store store, ClusterHub hub) {
    this.store = store;
    this.hub = hub;
  }

  void routes(RoutesConfig routes) {
    String base = ControlPlanesApi.PATH + "/{controlPlaneId}";
    routes.get(base + "/nodes", this::list);
    routes.get(base + "/nodes/{nodeId}", this::get);
    routes.delete(base + "/nodes/{nodeId}", this::delete);
    routes.get(base + "/expected-config-hash", this::expected);
  }

  private UUID controlPlane(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    UUID cp = Ids.path(ctx, "controlPlaneId");
    store.controlPlanes().get(who.organizationId(), cp).orElseThrow(ApiException::notFound);
    return cp;
  }

  private void list(Context ctx) {
    UUID cp = controlPlane(ctx);
    int size = size(ctx.queryParam("page[size]"));
    Optional<UUID> after = Optional.ofNullable(ctx.queryParam("page[after]"))
        .filter(a -> !a.isEmpty()).map(NodesApi::decodeCursor);
    List<NodeRow> rows = store.nodes().list(cp, after, size + 1);
    Map<Optional<UUID>, Optional<String>> expected = new HashMap<>();
    Map<UUID, String> groups = groups(cp);
    ObjectNode body = Json.object();
    ArrayNode items = body.putArray("items");
    rows.stream().limit(size).forEach(r -> items.add(render(r,
        expected.computeIfAbsent(r.networkId(), n -> hub.expectedHash(cp, n)), groups)));
    ObjectNode page = body.putObject("page");
    page.put("total_count", store.nodes().count(cp));
    if (rows.size() > size) {
      String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
          rows.get(size - 1).id().toString().getBytes(StandardCharsets.UTF_8));
      page.put("next", ctx.path() + "?page%5Bsize%5D=" + size + "&page%5Bafter%5D=" + cursor);
    } else {
      page.putNull("next");
    }
    Responses.json(ctx, 200, body);
  }

  private void get(Context ctx) {
    UUID cp = controlPlane(ctx);
    NodeRow row = store.nodes().get(Ids.path(ctx, "nodeId"))
        .filter(n -> n.controlPlaneId().equals(cp)).orElseThrow(ApiException::notFound);
    ObjectNode body = Json.object();
    body.set("item", render(row, hub.expectedHash(cp, row.networkId()), groups(cp)));
    Responses.json(ctx, 200, body);
  }

  private void delete(Context ctx) {
    UUID cp = controlPlane(ctx);
    UUID node = Ids.path(ctx, "nodeId");
    if (!store.nodes().delete(cp, node)) {
      throw ApiException.notFound();
    }
    hub.disconnect(node);
    ctx.status(204);
  }

  private void expected(Context ctx) {
    UUID cp = controlPlane(ctx);
    Optional<UUID> network = Optional.ofNullable(ctx.queryParam(JoinTokensApi.NETWORK))
        .filter(n -> !n.isEmpty()).map(JoinTokensApi::networkId);
    ObjectNode body = Json.object();
    hub.expectedHash(cp, network).ifPresentOrElse(h -> body.put("expected_hash", h),
        () -> body.putNull("expected_hash"));
    body.put("version", store.coreEntities().configVersion(cp));
    Responses.json(ctx, 200, body);
  }

  /** The control plane's data-plane group ids by the network they run in. */
  private Map<UUID, String> groups(UUID cp) {
    Map<UUID, String> groups = new HashMap<>();
    for (ConfigurationRow row : store.configurations().listByControlPlane(cp)) {
      for (JsonNode group : Json.read(row.documentJson()).path("dataplane_groups")) {
        String network = group.path(JoinTokensApi.NETWORK).asText("");
        if (!network.isEmpty() && group.hasNonNull("id")) {
          try {
            groups.putIfAbsent(UUID.fromString(network), group.path("id").asText());
          } catch (IllegalArgumentException e) {
            // not a network id: no group to report
          }
        }
      }
    }
    return groups;
  }

  static ObjectNode render(NodeRow row, Optional<String> expected, Map<UUID, String> groups) {
    ObjectNode node = Json.object();
    node.put("id", row.id().toString());
    node.put("version", row.version());
    node.put("hostname", row.hostname());
    row.lastPing().ifPresentOrElse(t -> node.put("last_ping", t.getEpochSecond()),
        () -> node.putNull("last_ping"));
    node.put("type", "causeway-data-plane");
    node.put("created_at", row.createdAt().getEpochSecond());
    node.put("updated_at", row.updatedAt().getEpochSecond());
    node.put("config_hash", row.configHash().orElse(""));
    node.putObject("compatibility_status").put("state", "COMPATIBILITY_STATE_FULLY_COMPATIBLE")
        .putArray("issues");
    node.put("in_sync", expected.isPresent() && row.configHash().equals(expected));
    row.networkId().ifPresentOrElse(n -> node.put(JoinTokensApi.NETWORK, n.toString()),
        () -> node.putNull(JoinTokensApi.NETWORK));
    Optional.ofNullable(row.networkId().map(groups::get).orElse(null)).ifPresentOrElse(
        g -> node.put("dataplane_group_id", g), () -> node.putNull("dataplane_group_id"));
    return node;
  }

  private static int size(String raw) {
    if (raw == null || raw.isEmpty()) {
      return DEFAULT_SIZE;
    }
    try {
      int size = Integer.parseInt(raw);
      if (size >= 1 && size <= 1000) {
        return size;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(InvalidParameter.of("page[size]", Rule.INVALID,
        "page[size]: " + raw + " (expected: an integer 1-1000)"));
  }

  private static UUID decodeCursor(String raw) {
    try {
      return UUID.fromString(new String(Base64.getUrlDecoder().decode(raw),
          StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(InvalidParameter.of("page[after]", Rule.INVALID,
          "page[after]: " + raw + " (expected: the cursor of a previous page)"));
    }
  }
}
