package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import io.causeway.provider.local.SimulatedProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v2/cloud-gateways/configurations} against the Konnect contract, the network references
 * it creates, and the DNS forwarding table it brings into the snapshots of a joined data plane.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigurationsIT {
  private static final String CONFIGURATIONS = "/v2/cloud-gateways/configurations";
  private static final String NETWORKS = "/v2/cloud-gateways/networks";
  private static final Duration SOON = Duration.ofSeconds(20);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SimulatedProvider provider = Fixtures.provider();
  private final List<AutoCloseable> open = new ArrayList<>();
  private Path dir;
  private ControlPlane cp;
  private ApiClient api;
  private OpenApiInteractionValidator[] validators;
  private int cidr = 110;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    dir = dataDir;
    cp = ControlPlane.start(Fixtures.options(dataDir.resolve("cp")).withCluster("127.0.0.1", 0),
        Fixtures.hooks(provider));
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    String url = getClass().getResource("/contract/cloud-gateways-v2.openapi.yaml").toString();
    validators = new OpenApiInteractionValidator[] {
      OpenApiInteractionValidator.createForSpecificationUrl(url).withBasePathOverride("/v2")
          .build(),
      OpenApiInteractionValidator.createForSpecificationUrl(url).withBasePathOverride("/v2")
          .withResolveCombinators(true).build()
    };
  }

  @AfterAll
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    cp.close();
  }

  /** As {@code ContractIT}: 400s are judged with the combinators resolved. */
  private ApiClient.Answer conforms(Request.Method method, String path, ApiClient.Answer answer) {
    OpenApiInteractionValidator validator = validators[answer.status() == 400 ? 1 : 0];
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status());
    if (!answer.body().isEmpty()) {
      response.withContentType(answer.contentType().split(";")[0]).withBody(answer.body());
    }
    ValidationReport report = validator.validateResponse(bare, method, response.build());
    assertThat(report.getMessages())
        .as("%s %s -> %d %s", method, path, answer.status(), answer.body())
        .isEmpty();
    return answer;
  }

  private ApiClient.Answer put(String body) {
    return conforms(Request.Method.PUT, CONFIGURATIONS,
        api.send("PUT", CONFIGURATIONS, Optional.of(body), "application/json"));
  }

  private String readyNetwork(String name) {
    var created = api.post(NETWORKS, Fixtures.network(name, "10." + cidr++ + ".0.0/16"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    await().atMost(SOON).until(
        () -> api.get(NETWORKS + "/" + id).json().get("state").asText(), "ready"::equals);
    return id;
  }

  private String controlPlane(String name) {
    var created = api.post("/v2/control-planes", "{\"name\":\"" + name + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private static String configuration(String controlPlane, String network, int baseRps) {
    return """
        {"control_plane_id": "%s", "control_plane_geo": "us", "version": "3.10",
         "kind": "dedicated.v0", "api_access": "private+public",
         "dataplane_groups": [{"provider": "azure", "region": "local",
           "cloud_gateway_network_id": "%s",
           "autoscale": {"kind": "autopilot", "base_rps": %d}}]}
        """.formatted(controlPlane, network, baseRps);
  }

  @Test
  void putPlacesTheGroupAndAnIdenticalPutIsAConflict() {
    String network = readyNetwork("placed");
    String plane = controlPlane("placed");

    ApiClient.Answer created = put(configuration(plane, network, 100));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    JsonNode group = created.json().at("/dataplane_groups/0");
    assertThat(group.get("state").asText()).isEqualTo("ready");
    assertThat(group.get("cloud_gateway_network_id").asText()).isEqualTo(network);
    assertThat(group.get("private_ip_addresses")).hasSize(1);
    assertThat(group.at("/private_ip_addresses/0").asText()).isEqualTo("127.0.0.1");
    assertThat(created.json().at("/dataplane_group_config/0/autoscale/base_rps").asInt())
        .isEqualTo(100);
    String id = created.json().get("id").asText();

    ApiClient.Answer same = put(configuration(plane, network, 100));
    assertThat(same.status()).isEqualTo(409);
    assertThat(same.json().get("detail").asText()).contains("identical");

    ApiClient.Answer changed = put(configuration(plane, network, 200));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().get("id").asText()).isEqualTo(id);
    assertThat(changed.json().get("entity_version").asInt()).isEqualTo(2);
    assertThat(changed.json().at("/dataplane_groups/0/id").asText())
        .isEqualTo(group.get("id").asText());

    String one = CONFIGURATIONS + "/" + id;
    assertThat(conforms(Request.Method.GET, one, api.get(one)).json()).isEqualTo(changed.json());
    String filtered = CONFIGURATIONS + "?filter[control_plane_id]=" + plane + "&page[size]=5";
    JsonNode list = conforms(Request.Method.GET, filtered, api.get(filtered)).json();
    assertThat(list.at("/meta/page/total").asInt()).isEqualTo(1);
    assertThat(list.at("/data/0/id").asText()).isEqualTo(id);
    String unknown = CONFIGURATIONS + "/00000000-0000-4000-8000-000000000000";
    assertThat(conforms(Request.Method.GET, unknown, api.get(unknown)).status()).isEqualTo(404);

    String references = NETWORKS + "/" + network + "/configuration-references";
    JsonNode refs = conforms(Request.Method.GET, references, api.get(references)).json();
    assertThat(refs.at("/data/0/id").asText()).isEqualTo(id);
    assertThat(api.get(NETWORKS + "/" + network).json().get("configuration_reference_count")
        .asInt()).isEqualTo(1);
    // The contract has no 409 on DELETE network (as for the transit-gateway refusal).
    ApiClient.Answer refused = api.delete(NETWORKS + "/" + network);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("detail").asText()).contains(id);
  }

  @Test
  void badRequestsNameEveryFieldByItsPath() {
    String network = readyNetwork("checked");
    String plane = controlPlane("checked");
    String body = """
        {"control_plane_id": "%s", "control_plane_geo": "mars", "version": "3.10",
         "api_access": "open",
         "dataplane_groups": [
           {"provider": "azure", "region": "local", "cloud_gateway_network_id": "%s",
            "autoscale": {"kind": "autopilot", "base_rps": "many"}},
           {"provider": "aws", "region": "elsewhere", "cloud_gateway_network_id": "%s",
            "autoscale": {"kind": "static", "instance_type": "small",
                          "requested_instances": 2}},
           {"provider": "azure", "region": "local",
            "cloud_gateway_network_id": "00000000-0000-4000-8000-000000000000",
            "autoscale": {"kind": "autopilot", "base_rps": 1}}]}
        """.formatted(plane, network, network);

    ApiClient.Answer shape = put(body);
    assertThat(shape.status()).isEqualTo(400);
    assertThat(fields(shape)).containsExactlyInAnyOrder(
        "control_plane_geo", "api_access", "dataplane_groups.0.autoscale.base_rps");

    ApiClient.Answer references = put(body.replace("mars", "us").replace("\"open\"",
        "\"private\"").replace("\"many\"", "5"));
    assertThat(references.status()).isEqualTo(400);
    assertThat(fields(references)).containsExactlyInAnyOrder(
        "dataplane_groups.1.provider", "dataplane_groups.1.region",
        "dataplane_groups.2.cloud_gateway_network_id");

    ApiClient.Answer noPlane = put(configuration("00000000-0000-4000-8000-000000000000",
        network, 1));
    assertThat(noPlane.status()).isEqualTo(400);
    assertThat(fields(noPlane)).containsExactly("control_plane_id");
    assertThat(api.get(NETWORKS + "/" + network).json().get("configuration_reference_count")
        .asInt()).isZero();
  }

  private static List<String> fields(ApiClient.Answer answer) {
    List<String> fields = new ArrayList<>();
    answer.json().path("invalid_parameters").forEach(p -> fields.add(p.get("field").asText()));
    return fields;
  }

  @Test
  void aDataPlaneBoundToANetworkReceivesTheForwardingTableOfItsReadyTransitGateways()
      throws Exception {
    String plane = controlPlane("forwarded");
    String network = readyNetwork("forwarding");
    String gateways = NETWORKS + "/" + network + "/transit-gateways";
    var gateway = api.post(gateways, Fixtures.peering("corp", "corp.example"));
    assertThat(gateway.status()).as(gateway.body()).isEqualTo(201);
    String gatewayPath = gateways + "/" + gateway.json().get("id").asText();
    await().atMost(SOON).until(
        () -> api.get(gatewayPath).json().get("state").asText(), "ready"::equals);
    // A token binds a node only to a network one of the control plane's groups runs in.
    assertThatThrownBy(() -> cp.mintJoinToken(UUID.fromString(plane), UUID.fromString(network)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(put(configuration(plane, network, 100)).status()).isEqualTo(200);
    Path data = dir.resolve("dp-forwarded");
    DataPlane dp = DataPlane.start(DataPlaneOptions.named("forwarded").withDataDir(data)
        .withProxy("127.0.0.1", 0, -1).withStatus("127.0.0.1", 0)
        .withControlPlane(cp.clusterUri().orElseThrow().toString(), Optional.of(
            cp.mintJoinToken(UUID.fromString(plane), UUID.fromString(network)))));
    open.add(dp);
    await().atMost(SOON).untilAsserted(() -> assertThat(forwarding(data))
        .containsExactly("corp.example"));
    await().atMost(SOON).until(() -> served(dp, plane, network));

    var patched = api.patch(gatewayPath, """
        {"dns_config": [{"remote_dns_server_ip_addresses": ["10.1.0.5"],
                         "domain_proxy_list": ["corp.example", "lab.example"]}]}""");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    await().atMost(SOON).untilAsserted(() -> assertThat(forwarding(data))
        .containsExactly("corp.example", "lab.example"));

    assertThat(api.delete(gatewayPath).status()).isEqualTo(204);
    await().atMost(SOON).untilAsserted(() -> assertThat(forwarding(data)).isEmpty());
    await().atMost(SOON).until(() -> served(dp, plane, network));
  }

  /** True when the data plane serves what the control plane expects now for its network. */
  private boolean served(DataPlane dp, String plane, String network) {
    JsonNode expected = api.get("/v2/control-planes/" + plane
        + "/expected-config-hash?cloud_gateway_network_id=" + network).json();
    return dp.cluster().orElseThrow().configHash()
        .equals(expected.path("expected_hash").asText());
  }

  /** The domains forwarded by the snapshot the data plane cached (what it applied last). */
  private static List<String> forwarding(Path data) throws IOException {
    Path cache = data.resolve("config-cache.json");
    List<String> domains = new ArrayList<>();
    if (!Files.exists(cache)) {
      return domains;
    }
    JsonNode config = MAPPER.readTree(Files.readString(cache));
    JsonNode snapshot = config.has("config") ? config.get("config") : config;
    snapshot.at("/_causeway/dns_forwarding").forEach(entry ->
        entry.path("domain_proxy_list").forEach(d -> domains.add(d.asText())));
    return domains;
  }
}
