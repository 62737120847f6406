package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.provider.local.LocalProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v2/local} against a control plane running the real local provider: VNETs made, listed,
 * exec'd into and deleted through the API, a transit gateway peering with one through the
 * reconciler, the error answers, and a reset that leaves no namespace of this data directory.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalVnetsApiIT {
  private static final String VNETS = "/v2/local/vnets";
  private static final String NETWORKS = "/v2/cloud-gateways/networks";
  private static final String SUBSCRIPTION = "b2c3d4e5-f6a7-8901-bcde-f12345678901";
  private static final String GROUP = "rg-local-it";

  private Path dataDir;
  private ControlPlane cp;
  private ApiClient api;
  private OpenApiInteractionValidator validator;
  private final List<String> namespacesSeen = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) {
    dataDir = dir;
    LocalRequirement.require(dataDir);
    cp =
        ControlPlane.start(
            new ControlPlaneOptions(
                dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
                "local", Fixtures.DELAY, true, Map.of()),
            Hooks.defaults().withTimings(Fixtures.FAST));
    assertThat(cp.providerName()).isEqualTo("local");
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    var document = api.withToken(Optional.empty()).get("/openapi.yaml");
    validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(document.body())
            .withResolveCombinators(true)
            .build();
  }

  @AfterAll
  void stop() {
    try {
      if (cp != null) {
        cp.close();
      }
    } finally {
      if (dataDir == null) {
        return;
      }
      // Whatever a failed test left behind: the same data directory owns the same names.
      List<String> leftover = LocalProvider.create(dataDir).reset();
      if (!leftover.isEmpty()) {
        System.err.println("*** LocalVnetsApiIT cleaned up leftovers: " + leftover);
      }
    }
  }

  private void conforms(Request.Method method, String path, ApiClient.Answer answer) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status());
    if (!answer.body().isEmpty()) {
      response.withContentType(answer.contentType().split(";")[0]).withBody(answer.body());
    }
    ValidationReport report = validator.validateResponse(path, method, response.build());
    assertThat(report.getMessages())
        .as("%s %s -> %d %s", method, path, answer.status(), answer.body())
        .isEmpty();
  }

  private static String vnet(String name, String cidr) {
    return """
        {"subscription_id": "%s", "resource_group_name": "%s", "name": "%s", "cidr": "%s"}
        """.formatted(SUBSCRIPTION, GROUP, name, cidr);
  }

  private ApiClient.Answer exec(String name, String... command) {
    StringBuilder words = new StringBuilder();
    for (String word : command) {
      words.append(words.isEmpty() ? "" : ", ").append('"').append(word).append('"');
    }
    return api.post(VNETS + "/" + name + "/exec",
        "{\"command\": [" + words + "], \"timeout_seconds\": 10}");
  }

  private static List<String> hostNamespaces() {
    try {
      Process ip = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      String out = new String(ip.getInputStream().readAllBytes());
      ip.waitFor();
      return out.lines().map(l -> l.split(" ", 2)[0]).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(1)
  void createsListsExecsAndDeletesAVnet() {
    var created = api.post(VNETS, vnet("app", "10.1.0.0/16"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    conforms(Request.Method.POST, VNETS, created);
    JsonNode body = created.json();
    assertThat(body.get("name").asText()).isEqualTo("app");
    assertThat(body.get("cidr").asText()).isEqualTo("10.1.0.0/16");
    assertThat(body.get("address").asText()).isEqualTo("10.1.0.1");
    assertThat(body.get("present").asBoolean()).isTrue();
    String namespace = body.get("namespace").asText();
    namespacesSeen.add(namespace);
    assertThat(namespace).startsWith("cw-");
    assertThat(hostNamespaces()).contains(namespace);

    var again = api.post(VNETS, vnet("app", "10.1.0.0/16"));
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json()).isEqualTo(body);

    var list = api.get(VNETS);
    assertThat(list.status()).isEqualTo(200);
    conforms(Request.Method.GET, VNETS, list);
    assertThat(list.json().get("data")).containsExactly(body);
    var got = api.get(VNETS + "/app");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(body);

    var addresses = exec("app", "ip", "-br", "addr");
    assertThat(addresses.status()).as(addresses.body()).isEqualTo(200);
    conforms(Request.Method.POST, VNETS + "/app/exec", addresses);
    assertThat(addresses.json().get("exit_code").asInt()).isZero();
    assertThat(addresses.json().get("stdout").asText()).contains("10.1.0.1/16");
    var failing = exec("app", "ip", "link", "show", "dev", "no-such-link");
    assertThat(failing.json().get("exit_code").asInt()).isNotZero();
    assertThat(failing.json().get("stderr").asText()).contains("no-such-link");

    var deleted = api.delete(VNETS + "/app");
    assertThat(deleted.status()).isEqualTo(204);
    conforms(Request.Method.DELETE, VNETS + "/app", deleted);
    assertThat(api.get(VNETS + "/app").status()).isEqualTo(404);
    assertThat(hostNamespaces()).doesNotContain(namespace);
  }

  @Test
  @Order(2)
  void answersPreciseProblems() {
    var badCidr = api.post(VNETS, vnet("bad", "10.1.0.0/33"));
    assertThat(badCidr.status()).isEqualTo(400);
    assertThat(badCidr.contentType()).startsWith(Problems.CONTENT_TYPE);
    conforms(Request.Method.POST, VNETS, badCidr);
    assertThat(badCidr.json().at("/invalid_parameters/0/field").asText()).isEqualTo("cidr");

    var missing = api.post(VNETS, "{\"name\": \"x\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(fields(missing)).contains("subscription_id", "resource_group_name", "cidr");

    assertThat(api.post(VNETS, vnet("taken", "10.4.0.0/16")).status()).isEqualTo(201);
    var conflict = api.post(VNETS, vnet("taken", "10.5.0.0/16"));
    assertThat(conflict.status()).isEqualTo(409);
    conforms(Request.Method.POST, VNETS, conflict);
    assertThat(conflict.json().get("detail").asText()).contains("10.4.0.0/16");

    var noCommand = api.post(VNETS + "/taken/exec", "{\"command\": [], \"timeout_seconds\": 0}");
    assertThat(noCommand.status()).isEqualTo(400);
    assertThat(fields(noCommand)).containsExactlyInAnyOrder("command", "timeout_seconds");

    for (var unknown :
        List.of(api.get(VNETS + "/nowhere"), api.delete(VNETS + "/nowhere"), exec("nowhere", "true"))) {
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.json().get("detail").asText()).contains("nowhere");
    }

    String userToken = api.post("/v2/tokens", "{\"name\": \"user\"}").json().get("token").asText();
    var forbidden = api.withToken(Optional.of(userToken)).get(VNETS);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(api.withToken(Optional.empty()).get(VNETS).status()).isEqualTo(401);

    assertThat(api.delete(VNETS + "/taken").status()).isEqualTo(204);
  }

  @Test
  @Order(3)
  void aTransitGatewayPeersWithALocalVnetThroughTheReconciler() {
    var vnet = api.post(VNETS, vnet("peer", "10.2.0.0/16"));
    assertThat(vnet.status()).as(vnet.body()).isEqualTo(201);
    namespacesSeen.add(vnet.json().get("namespace").asText());
    var network = api.post(NETWORKS, """
        {"name": "local-it", "cloud_gateway_provider_account_id": "%s", "region": "local",
         "availability_zones": ["local-1", "local-2"], "cidr_block": "10.8.0.0/16"}
        """.formatted(LocalProvider.ACCOUNT_ID));
    assertThat(network.status()).as(network.body()).isEqualTo(201);
    String networkPath = NETWORKS + "/" + network.json().get("id").asText();
    awaitState(networkPath, "ready");

    var gateway = api.post(networkPath + "/transit-gateways", """
        {"name": "to-peer",
         "transit_gateway_attachment_config": {
           "kind": "azure-vnet-peering-attachment",
           "tenant_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
           "subscription_id": "%s", "resource_group_name": "%s", "vnet_name": "peer"},
         "dns_config": [{"remote_dns_server_ip_addresses": ["10.2.0.1"],
                         "domain_proxy_list": ["peer.internal"]}]}
        """.formatted(SUBSCRIPTION, GROUP));
    assertThat(gateway.status()).as(gateway.body()).isEqualTo(201);
    String gatewayPath = networkPath + "/transit-gateways/" + gateway.json().get("id").asText();
    awaitState(gatewayPath, "ready");

    var routes = exec("peer", "ip", "-4", "route");
    assertThat(routes.json().get("stdout").asText()).contains("10.8.0.0/16");

    assertThat(api.delete(gatewayPath).status()).isEqualTo(204);
    awaitGone(gatewayPath);
    assertThat(exec("peer", "ip", "-4", "route").json().get("stdout").asText())
        .doesNotContain("10.8.0.0/16");
    assertThat(api.delete(networkPath).status()).isEqualTo(204);
    awaitGone(networkPath);
  }

  @Test
  @Order(4)
  void resetRemovesEveryNamespaceOfThisDataDirectory() {
    var kept = api.post(VNETS, vnet("kept", "10.6.0.0/16"));
    namespacesSeen.add(kept.json().get("namespace").asText());

    var reset = api.post("/v2/local/reset", "{}");
    assertThat(reset.status()).as(reset.body()).isEqualTo(200);
    conforms(Request.Method.POST, "/v2/local/reset", reset);
    List<String> removed =
        StreamSupport.stream(reset.json().get("removed").spliterator(), false)
            .map(JsonNode::asText)
            .toList();
    assertThat(removed).contains(kept.json().get("namespace").asText(),
        namespacesSeen.get(namespacesSeen.size() - 2));
    assertThat(api.get(VNETS).json().get("data")).isEmpty();
    assertThat(hostNamespaces()).doesNotContainAnyElementsOf(namespacesSeen);
    assertThat(LocalProvider.create(dataDir).reset()).isEmpty();
  }

  private static List<String> fields(ApiClient.Answer answer) {
    return StreamSupport.stream(answer.json().get("invalid_parameters").spliterator(), false)
        .map(p -> p.get("field").asText())
        .toList();
  }

  private void awaitState(String path, String state) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          var answer = api.get(path);
          assertThat(answer.json().get("state").asText()).as(answer.body()).isEqualTo(state);
        });
  }

  private void awaitGone(String path) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.get(path).status() == 404);
  }
}
