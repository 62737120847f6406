package io.causeway.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.model.InvalidParameter;
import io.causeway.model.InvalidParameter.Rule;
import io.causeway.store.ControlPlaneRow;
import io.causeway.store.Page;
import io.causeway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /v2/control-planes}: list, create, get, delete, in the shapes of the control-planes v2
 * contract. Only {@code CLUSTER_TYPE_CONTROL_PLANE} with PKI client certificates is served; other
 * cluster types and auth types are refused naming what is supported.
 */
final class ControlPlanesApi {
  static final String PATH = "/v2/control-planes";
  /** Where data planes dial in (the cluster listener, DESIGN §8). */
  static final String CLUSTER_ENDPOINT = "https://127.0.0.1:8005";
  private static final Set<String> FIELDS =
      Set.of("name", "description", "cluster_type", "auth_type", "cloud_gateway", "proxy_urls",
          "labels");
  private static final Map<String, Queries.FilterField> FILTERS =
      Map.of("name", Queries.FilterField.string(), "cluster_type", Queries.FilterField.string());

  private final Store store;

  ControlPlanesApi(Store store, Bootstrap.Result boot) {
    this.store = store;
  }

  void routes(RoutesConfig routes) {
    routes.get(PATH, this::list);
    routes.post(PATH, this::create);
    routes.get(PATH + "/{controlPlaneId}", this::get);
    routes.delete(PATH + "/{controlPlaneId}", this::delete);
  }

  private void list(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    Page<ControlPlaneRow> page = store.controlPlanes()
        .list(who.organizationId(), Queries.filters(ctx, FILTERS), Queries.page(ctx));
    List<ObjectNode> items =
        page.items().stream().map(r -> Wire.controlPlane(r, CLUSTER_ENDPOINT)).toList();
    Responses.json(ctx, 200, Wire.page(page, items));
  }

  private void create(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    BodyFields body = new BodyFields(Bodies.json(ctx), FIELDS);
    String name = body.string("name", true, 2, 256).orElse("");
    Optional<String> description = body.string("description", false, 0, 2048);
    String clusterType = body.choice("cluster_type", List.of(Bootstrap.CLUSTER_TYPE))
        .orElse(Bootstrap.CLUSTER_TYPE);
    body.choice("auth_type", List.of("pki_client_certs"));
    boolean cloudGateway = body.bool("cloud_gateway").orElse(false);
    body.node("proxy_urls").filter(n -> !(n.isArray() && n.isEmpty())).ifPresent(n ->
        body.problem(InvalidParameter.of("proxy_urls", Rule.INVALID,
            "proxy_urls: not supported yet (expected: omitted or [])")));
    String labels = labels(body);
    body.check();
    ControlPlaneRow row = store.controlPlanes().insert(ControlPlaneRow.create(
        UUID.randomUUID(), who.organizationId(), name, description, clusterType, labels,
        cloudGateway));
    Responses.json(ctx, 201, Wire.controlPlane(row, CLUSTER_ENDPOINT));
  }

  private static String labels(BodyFields body) {
    Optional<JsonNode> labels = body.node("labels");
    if (labels.isEmpty()) {
      return "{}";
    }
    if (!labels.get().isObject()) {
      body.problem(InvalidParameter.of("labels", Rule.IS_OBJECT,
          "labels: " + labels.get().getNodeType() + " (expected: an object of strings)"));
      return "{}";
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.get().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      if (!label.getValue().isTextual()) {
        body.problem(InvalidParameter.of("labels." + label.getKey(), Rule.IS_STRING,
            "labels." + label.getKey() + ": " + label.getValue().getNodeType()
                + " (expected: a string)"));
      }
    }
    return Json.write(labels.get());
  }

  private void get(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    ControlPlaneRow row = store.controlPlanes()
        .get(who.organizationId(), Ids.path(ctx, "controlPlaneId"))
        .orElseThrow(ApiException::notFound);
    Responses.json(ctx, 200, Wire.controlPlane(row, CLUSTER_ENDPOINT));
  }

  private void delete(Context ctx) {
    Principal who = Authenticator.principal(ctx);
    if (!store.controlPlanes().delete(who.organizationId(), Ids.path(ctx, "controlPlaneId"))) {
      throw ApiException.notFound();
    }
    ctx.status(204);
  }
}
