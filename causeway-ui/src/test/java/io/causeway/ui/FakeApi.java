package io.causeway.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A FAKE of the control plane's API for the UI's tests: canned but stateful (networks and transit
 * gateways live in memory and advance one state per read), with the real API's shapes, bearer check
 * and {@code invalid_parameters} errors for the rules the UI tests exercise. It is not the control
 * plane; the end-to-end browser test against the real one lives elsewhere.
 */
final class FakeApi implements AutoCloseable {
  static final String TOKEN = "cw_pat_fake0ui0token0for0tests";
  static final String ACCOUNT_ID = "8c3c5e0e-7f2a-4a8e-9a51-5b0d8f1e0001";
  static final String APP_ID = "00000000-0000-0000-0000-000000000000";
  private static final String SERVICE_ID = "5eed0000-0000-4000-8000-0000000000a1";
  private static final String NETWORKS = "/v2/cloud-gateways/networks";
  private static final String GATEWAYS = NETWORKS + "/{networkId}/transit-gateways";
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.?");
  static final ObjectMapper JSON = new ObjectMapper();

  private final Javalin app;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, ObjectNode> networks = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> gateways = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> controlPlanes = new ConcurrentHashMap<>();
  final List<JsonNode> transitGatewayBodies = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  private FakeApi() {
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.concurrency.useVirtualThreads = true;
              routes(config.routes);
            });
  }

  static FakeApi start() {
    FakeApi api = new FakeApi();
    api.app.start("127.0.0.1", 0);
    ObjectNode cp = JSON.createObjectNode();
    cp.put("id", api.nextId())
        .put("name", "default")
        .put("description", "made on first start")
        .put("created_at", "2026-01-01T00:00:00Z")
        .putObject("config")
        .put("cluster_type", "CLUSTER_TYPE_CONTROL_PLANE");
    api.controlPlanes.put(cp.get("id").asText(), cp);
    return api;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + app.port());
  }

  private void routes(RoutesConfig routes) {
    routes.before(
        "/v2/*",
        ctx -> {
          String auth = Optional.ofNullable(ctx.header("Authorization")).orElse("");
          authorizations.add(auth);
          if (!ctx.path().endsWith("availability.json") && !auth.equals("Bearer " + TOKEN)) {
            problem(ctx, 401, "Unauthorized", "Invalid or missing token", List.of());
            ctx.skipRemainingHandlers();
          }
        });
    routes.get("/v2/cloud-gateways/provider-accounts", ctx -> page(ctx, List.of(account())));
    routes.get("/v2/cloud-gateways/availability.json", ctx -> json(ctx, 200, availability()));
    routes.get(NETWORKS, ctx -> page(ctx, sorted(networks).stream().map(this::advance).toList()));
    routes.post(NETWORKS, this::createNetwork);
    routes.get(NETWORKS + "/{networkId}", ctx -> json(ctx, 200, advance(network(ctx))));
    routes.delete(NETWORKS + "/{networkId}", this::deleteNetwork);
    routes.get(
        GATEWAYS,
        ctx ->
            page(
                ctx,
                sorted(gateways).stream()
                    .filter(
                        g -> g.get("network_id").asText().equals(network(ctx).get("id").asText()))
                    .map(this::visible)
                    .toList()));
    routes.post(GATEWAYS, this::createGateway);
    routes.get(GATEWAYS + "/{gatewayId}", ctx -> json(ctx, 200, visible(advance(gateway(ctx)))));
    routes.patch(GATEWAYS + "/{gatewayId}", this::patchGateway);
    routes.delete(
        GATEWAYS + "/{gatewayId}",
        ctx -> {
          gateways.remove(gateway(ctx).get("id").asText());
          ctx.status(204);
        });
    routes.get(GATEWAYS + "/{gatewayId}/azure-setup", ctx -> json(ctx, 200, setup(gateway(ctx))));
    routes.post(GATEWAYS + "/{gatewayId}/verify", this::verify);
    routes.get("/v2/control-planes", ctx -> page(ctx, sorted(controlPlanes)));
    routes.get("/v2/control-planes/{id}", ctx -> json(ctx, 200, controlPlane(ctx)));
    routes.get(
        "/v2/control-planes/{id}/core-entities/services",
        ctx -> {
          controlPlane(ctx);
          json(
              ctx,
              200,
              JSON.readTree(
                  "{\"data\":[{\"id\":\""
                      + SERVICE_ID
                      + "\",\"name\":"
                      + "\"orders\",\"protocol\":\"http\",\"host\":\"orders.internal.example.com\","
                      + "\"port\":8080,\"path\":\"/v1\",\"tags\":[]}],\"next\":null,\"offset\":null}"));
        });
    routes.get(
        "/v2/control-planes/{id}/core-entities/routes",
        ctx -> {
          controlPlane(ctx);
          json(
              ctx,
              200,
              JSON.readTree(
                  "{\"data\":[{\"id\":\"5eed0000-0000-4000-8000-0000000000a2\","
                      + "\"name\":\"orders-api\",\"paths\":[\"/orders\"],\"methods\":[\"GET\"],"
                      + "\"service\":{\"id\":\""
                      + SERVICE_ID
                      + "\"}}],\"next\":null,\"offset\":null}"));
        });
    routes.get(
        "/v2/control-planes/{id}/nodes",
        ctx -> {
          controlPlane(ctx);
          json(
              ctx,
              200,
              JSON.readTree(
                  "{\"items\":[{\"id\":\"5eed0000-0000-4000-8000-0000000000a3\","
                      + "\"hostname\":\"dp-1\",\"version\":\"3.10\",\"last_ping\":1795000000,"
                      + "\"config_hash\":\"0123456789abcdef\",\"in_sync\":true},"
                      + "{\"id\":\"5eed0000-0000-4000-8000-0000000000a4\",\"hostname\":\"dp-2\","
                      + "\"version\":\"3.10\",\"last_ping\":null,\"config_hash\":\"\",\"in_sync\":false}],"
                      + "\"page\":{\"total_count\":2,\"next\":null}}"));
        });
    routes.post("/v2/control-planes", this::createControlPlane);
    routes.delete(
        "/v2/control-planes/{id}",
        ctx -> {
          ctx.status(controlPlanes.remove(ctx.pathParam("id")) == null ? 404 : 204);
        });
  }

  private String nextId() {
    return new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L | ids.incrementAndGet())
        .toString();
  }

  private static List<ObjectNode> sorted(Map<String, ObjectNode> map) {
    return map.values().stream()
        .sorted((a, b) -> a.get("id").asText().compareTo(b.get("id").asText()))
        .toList();
  }

  private ObjectNode account() {
    ObjectNode a = JSON.createObjectNode();
    return a.put("id", ACCOUNT_ID)
        .put("provider", "azure")
        .put("provider_account_id", "simulated")
        .put("created_at", "2026-01-01T00:00:00Z")
        .put("updated_at", "2026-01-01T00:00:00Z");
  }

  private static ObjectNode availability() {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode region =
        body.putArray("providers")
            .addObject()
            .put("provider", "azure")
            .putArray("regions")
            .addObject()
            .put("region", "local")
            .put("name", "local (simulated)");
    region.putArray("availability_zones").add("local-1").add("local-2").add("local-3");
    ArrayNode allowed = region.putArray("cidr_blocks");
    List.of("10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.168.0.0/16", "198.18.0.0/15")
        .forEach(allowed::add);
    region.putArray("reserved_cidr_blocks").add("10.100.0.0/16").add("172.17.0.0/16");
    return body;
  }

  private void createNetwork(Context ctx) throws Exception {
    JsonNode body = JSON.readTree(ctx.body());
    List<ObjectNode> invalid = new ArrayList<>();
    String name = body.path("name").asText("");
    if (name.isBlank()) {
      invalid.add(invalid("name", "required", "name: missing (expected: 1-120 characters)"));
    }
    if (networks.values().stream().anyMatch(n -> n.get("name").asText().equals(name))) {
      invalid.add(
          invalid("name", "unique", "name: " + name + " (expected: a name no other network has)"));
    }
    String cidr = body.path("cidr_block").asText("");
    if (!cidr.matches("\\d+\\.\\d+\\.\\d+\\.\\d+/(1[6-9]|2[01])")) {
      invalid.add(
          invalid(
              "cidr_block",
              "invalid",
              "cidr_block: " + cidr + " (expected: prefix length 16-21 for azure)"));
    }
    if (!ACCOUNT_ID.equals(body.path("cloud_gateway_provider_account_id").asText())) {
      invalid.add(invalid("cloud_gateway_provider_account_id", "invalid", "unknown account"));
    }
    if (!invalid.isEmpty()) {
      problem(ctx, 400, "Bad Request", "Invalid request", invalid);
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("id", nextId())
        .put("name", name)
        .put("default", false)
        .put("cloud_gateway_provider_account_id", ACCOUNT_ID)
        .put("region", body.path("region").asText())
        .put("cidr_block", cidr)
        .put("state", "created")
        .put("transit_gateway_count", 0)
        .put("entity_version", 1)
        .put("created_at", "2026-11-26T10:00:00Z");
    n.set("availability_zones", body.path("availability_zones"));
    n.putObject("state_metadata").put("reported_status", "").put("reason", "");
    networks.put(n.get("id").asText(), n);
    json(ctx, 201, n);
  }

  private void deleteNetwork(Context ctx) {
    ObjectNode n = network(ctx);
    List<String> names =
        gateways.values().stream()
            .filter(g -> g.get("network_id").asText().equals(n.get("id").asText()))
            .map(g -> g.get("name").asText())
            .toList();
    if (!names.isEmpty()) {
      problem(
          ctx,
          409,
          "Conflict",
          "Network "
              + n.get("id").asText()
              + " still has transit gateways: "
              + names
              + "; delete them first",
          List.of());
      return;
    }
    networks.remove(n.get("id").asText());
    ctx.status(204);
  }

  private void createGateway(Context ctx) throws Exception {
    ObjectNode n = network(ctx);
    JsonNode body = JSON.readTree(ctx.body());
    transitGatewayBodies.add(body);
    List<ObjectNode> invalid = new ArrayList<>();
    JsonNode attachment = body.path("transit_gateway_attachment_config");
    for (String field : List.of("tenant_id", "subscription_id")) {
      String value = attachment.path(field).asText("");
      if (!GUID.matcher(value).matches()) {
        invalid.add(
            invalid(
                "transit_gateway_attachment_config." + field,
                "is_guid",
                "transit_gateway_attachment_config."
                    + field
                    + ": "
                    + value
                    + " (expected: a GUID)"));
      }
    }
    JsonNode dns = body.path("dns_config");
    invalid.addAll(dnsProblems(dns));
    if (!invalid.isEmpty()) {
      problem(ctx, 400, "Bad Request", "Invalid request", invalid);
      return;
    }
    ObjectNode g = JSON.createObjectNode();
    g.put("id", nextId())
        .put("name", body.path("name").asText())
        .put("network_id", n.get("id").asText())
        .put("state", "pending-user-action")
        .put("entity_version", 1);
    g.set("dns_config", dns);
    g.set("transit_gateway_attachment_config", attachment);
    g.putObject("state_metadata")
        .put("reported_status", "CONSENT_MISSING")
        .put(
            "reason",
            "admin consent missing: an administrator of tenant "
                + attachment.path("tenant_id").asText()
                + " must approve app "
                + APP_ID);
    gateways.put(g.get("id").asText(), g);
    json(ctx, 201, visible(g));
  }

  private void patchGateway(Context ctx) throws Exception {
    ObjectNode g = gateway(ctx);
    JsonNode body = JSON.readTree(ctx.body());
    transitGatewayBodies.add(body);
    List<ObjectNode> invalid = dnsProblems(body.path("dns_config"));
    if (!invalid.isEmpty()) {
      problem(ctx, 400, "Bad Request", "Invalid request", invalid);
      return;
    }
    if (body.has("dns_config")) {
      g.set("dns_config", body.get("dns_config"));
    }
    g.put("entity_version", g.get("entity_version").asLong() + 1);
    json(ctx, 200, visible(g));
  }

  private static List<ObjectNode> dnsProblems(JsonNode dns) {
    List<ObjectNode> invalid = new ArrayList<>();
    for (int r = 0; r < dns.size(); r++) {
      JsonNode ips = dns.get(r).path("remote_dns_server_ip_addresses");
      for (int i = 0; i < ips.size(); i++) {
        String ip = ips.get(i).asText();
        if (!IPV4.matcher(ip).matches() && !ip.contains(":")) {
          String field = "dns_config." + r + ".remote_dns_server_ip_addresses." + i;
          invalid.add(
              invalid(field, "is_ip", field + ": " + ip + " (expected: an IPv4 or IPv6 address)"));
        }
      }
      JsonNode domains = dns.get(r).path("domain_proxy_list");
      for (int i = 0; i < domains.size(); i++) {
        String domain = domains.get(i).asText();
        if (!DOMAIN.matcher(domain).matches()) {
          String field = "dns_config." + r + ".domain_proxy_list." + i;
          invalid.add(
              invalid(field, "is_domain", field + ": " + domain + " (expected: a DNS name)"));
        }
      }
    }
    return invalid;
  }

  private ObjectNode setup(ObjectNode g) {
    JsonNode a = g.get("transit_gateway_attachment_config");
    String vnet =
        "/subscriptions/"
            + a.path("subscription_id").asText()
            + "/resourceGroups/"
            + a.path("resource_group_name").asText()
            + "/providers/Microsoft.Network/virtualNetworks/"
            + a.path("vnet_name").asText();
    ObjectNode body = JSON.createObjectNode();
    body.put("transit_gateway_id", g.get("id").asText())
        .put("app_client_id", APP_ID)
        .put("role_name", "Causeway Peering Creator")
        .put(
            "admin_consent_url",
            "https://login.microsoftonline.com/"
                + a.path("tenant_id").asText()
                + "/adminconsent?client_id="
                + APP_ID)
        .put(
            "role_definition_command",
            "az role definition create --role-definition @causeway-peering-role.json")
        .put(
            "role_assignment_command",
            "az role assignment create --role \"Causeway Peering"
                + " Creator\" --assignee "
                + APP_ID
                + " --scope "
                + vnet)
        .put(
            "note",
            "No Azure app is configured: the app id is a placeholder. With the"
                + " simulated provider nothing is sent to Azure.");
    body.putObject("role_definition").put("Name", "Causeway Peering Creator");
    return body;
  }

  private void verify(Context ctx) {
    ObjectNode g = gateway(ctx);
    if (g.get("state").asText().equals("pending-user-action")) {
      g.put("state", "initializing");
      ((ObjectNode) g.get("state_metadata"))
          .put("reported_status", "VERIFIED")
          .put("reason", "verified: access is in place; the peering is created next");
    }
    json(ctx, 200, visible(g));
  }

  /** One step further on each read, as a provider would move on meanwhile. */
  private ObjectNode advance(ObjectNode entity) {
    String next =
        switch (entity.get("state").asText()) {
          case "created" -> "initializing";
          case "initializing" -> "ready";
          default -> entity.get("state").asText();
        };
    if (!next.equals(entity.get("state").asText())) {
      entity.put("state", next);
      ((ObjectNode) entity.get("state_metadata"))
          .put("reason", next.equals("ready") ? "" : "provisioning");
    }
    if (entity.has("transit_gateway_count")) {
      entity.put(
          "transit_gateway_count",
          gateways.values().stream()
              .filter(g -> g.get("network_id").asText().equals(entity.get("id").asText()))
              .count());
    }
    return entity;
  }

  private ObjectNode visible(ObjectNode g) {
    ObjectNode copy = g.deepCopy();
    copy.remove("network_id");
    return copy;
  }

  private void createControlPlane(Context ctx) throws Exception {
    JsonNode body = JSON.readTree(ctx.body());
    String name = body.path("name").asText("");
    if (name.length() < 2) {
      problem(
          ctx,
          400,
          "Bad Request",
          "Invalid request",
          List.of(
              invalid("name", "min_length", "name: " + name + " (expected: 2-256 characters)")));
      return;
    }
    ObjectNode cp = JSON.createObjectNode();
    cp.put("id", nextId())
        .put("name", name)
        .put("description", body.path("description").asText(""))
        .put("created_at", "2026-11-26T10:00:00Z")
        .putObject("config")
        .put("cluster_type", "CLUSTER_TYPE_CONTROL_PLANE");
    controlPlanes.put(cp.get("id").asText(), cp);
    json(ctx, 201, cp);
  }

  private ObjectNode network(Context ctx) {
    ObjectNode n = networks.get(ctx.pathParam("networkId"));
    if (n == null) {
      throw new io.javalin.http.NotFoundResponse();
    }
    return n;
  }

  private ObjectNode controlPlane(Context ctx) {
    ObjectNode cp = controlPlanes.get(ctx.pathParam("id"));
    if (cp == null) {
      throw new io.javalin.http.NotFoundResponse();
    }
    return cp;
  }

  private ObjectNode gateway(Context ctx) {
    network(ctx);
    ObjectNode g = gateways.get(ctx.pathParam("gatewayId"));
    if (g == null) {
      throw new io.javalin.http.NotFoundResponse();
    }
    return g;
  }

  /** A network that is ready at once, for tests that start at its page. */
  String seedReadyNetwork(String name, String cidr) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", nextId())
        .put("name", name)
        .put("default", false)
        .put("cloud_gateway_provider_account_id", ACCOUNT_ID)
        .put("region", "local")
        .put("cidr_block", cidr)
        .put("state", "ready")
        .put("transit_gateway_count", 0)
        .put("entity_version", 1)
        .put("created_at", "2026-11-26T10:00:00Z");
    n.putArray("availability_zones").add("local-1").add("local-2");
    n.putObject("state_metadata").put("reported_status", "READY").put("reason", "");
    networks.put(n.get("id").asText(), n);
    return n.get("id").asText();
  }

  List<JsonNode> gatewaysNow() {
    return List.copyOf(gateways.values());
  }

  List<JsonNode> networksNow() {
    return List.copyOf(networks.values());
  }

  private static ObjectNode invalid(String field, String rule, String reason) {
    return JSON.createObjectNode().put("field", field).put("rule", rule).put("reason", reason);
  }

  private static void page(Context ctx, List<ObjectNode> items) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("meta")
        .putObject("page")
        .put("number", 1)
        .put("size", 100)
        .put("total", items.size());
    ArrayNode data = body.putArray("data");
    items.forEach(data::add);
    json(ctx, 200, body);
  }

  private static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  private static void problem(
      Context ctx, int status, String title, String detail, List<ObjectNode> invalid) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("status", status)
            .put("title", title)
            .put("detail", detail)
            .put("instance", "causeway:trace:fake");
    if (!invalid.isEmpty()) {
      ArrayNode params = body.putArray("invalid_parameters");
      invalid.forEach(params::add);
    }
    ctx.status(status).contentType("application/problem+json").result(body.toString());
  }

  @Override
  public void close() {
    app.stop();
  }
}
