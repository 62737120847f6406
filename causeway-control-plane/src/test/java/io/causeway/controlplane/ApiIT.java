package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.provider.local.SimulatedProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Status codes, error shapes, pagination, filters and isolation of the real HTTP API. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";

  private final SimulatedProvider provider = Fixtures.provider();
  private ControlPlane cp;
  private ApiClient api;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    cp = ControlPlane.start(Fixtures.options(dataDir),
        Fixtures.hooks(provider).withAuthBudget(1000, Duration.ofSeconds(1)));
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
  }

  @AfterAll
  void stop() {
    cp.close();
  }

  private String readyNetwork(String name, String cidr) {
    var created = api.post(NETWORKS, Fixtures.network(name, cidr));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get(NETWORKS + "/" + id).json().get("state").asText(), "ready"::equals);
    return id;
  }

  private static void assertProblem(ApiClient.Answer answer, int status) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode body = answer.json();
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("title").asText()).isNotEmpty();
    assertThat(body.get("detail").asText()).isNotEmpty();
    assertThat(body.get("instance").asText()).startsWith("causeway:trace:");
  }

  private static JsonNode invalid(ApiClient.Answer answer, String field) {
    assertProblem(answer, 400);
    for (JsonNode p : answer.json().get("invalid_parameters")) {
      if (p.get("field").asText().equals(field)) {
        return p;
      }
    }
    throw new AssertionError("no invalid parameter " + field + " in " + answer.body());
  }

  @Test
  void statusIsPublicAndHealthy() {
    var status = api.withToken(Optional.empty()).get("/status");
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().get("status").asText()).isEqualTo("ok");
  }

  @Test
  void availabilityIsPublicAndListsTheSimulatedRegion() {
    var doc = api.withToken(Optional.empty()).get("/v2/cloud-gateways/availability.json");
    assertThat(doc.status()).isEqualTo(200);
    JsonNode region = doc.json().at("/providers/0/regions/0");
    assertThat(doc.json().at("/providers/0/provider").asText()).isEqualTo("azure");
    assertThat(region.get("region").asText()).isEqualTo("local");
    assertThat(region.get("availability_zones").toString())
        .isEqualTo("[\"local-1\",\"local-2\",\"local-3\"]");
    assertThat(region.get("reserved_cidr_blocks").toString()).contains("10.100.0.0/16");
  }

  @Test
  void providerAccountsListTheSimulatedAccount() {
    var list = api.get("/v2/cloud-gateways/provider-accounts");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().at("/meta/page/total").asInt()).isEqualTo(1);
    assertThat(list.json().at("/data/0/provider_account_id").asText()).isEqualTo("simulated");
    String id = list.json().at("/data/0/id").asText();
    assertThat(api.get("/v2/cloud-gateways/provider-accounts/" + id).status()).isEqualTo(200);
    assertProblem(api.get("/v2/cloud-gateways/provider-accounts/"
        + "00000000-0000-4000-8000-000000000000"), 404);
    assertThat(api.get("/v2/cloud-gateways/provider-accounts?filter[provider][eq]=aws")
        .json().at("/meta/page/total").asInt()).isZero();
  }

  @Test
  void everyV2CallButAvailabilityNeedsAToken() {
    ApiClient anonymous = api.withToken(Optional.empty());
    assertProblem(anonymous.get(NETWORKS), 401);
    assertProblem(api.withToken(Optional.of("cwt_wrong")).get(NETWORKS), 401);
    assertProblem(api.withToken(Optional.of("cwt_wrong")).get("/v2/no-such-thing"), 401);
    assertThat(anonymous.get(NETWORKS).json().get("detail").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void unknownRoutesAndIdsAre404AndWrongMethodsAre405() {
    assertProblem(api.get("/v2/no-such-thing"), 404);
    assertProblem(api.get(NETWORKS + "/5d7c1c8e-1f0c-4c5e-9a53-0d0b7f0b6f11"), 404);
    assertProblem(api.get(NETWORKS + "/not-a-uuid"), 404);
    assertProblem(api.send("PUT", NETWORKS, Optional.of("{}"), "application/json"), 405);
  }

  @Test
  void malformedJsonIs400NamingTheBody() {
    JsonNode p = invalid(api.post(NETWORKS, "{\"name\": "), "body");
    assertThat(p.get("reason").asText()).contains("malformed JSON");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String huge = "{\"name\": \"" + "x".repeat(ApiServer.MAX_BODY + 1) + "\"}";
    assertProblem(api.post(NETWORKS, huge), 413);
  }

  @Test
  void transitGatewaysOfAnUnknownNetworkAre404EvenWithABadBody() {
    String tgws = NETWORKS + "/5d7c1c8e-1f0c-4c5e-9a53-0d0b7f0b6f11/transit-gateways";
    assertProblem(api.post(tgws, "{}"), 404);
    assertProblem(api.get(tgws), 404);
  }

  @Test
  void wrongContentTypeIs400() {
    invalid(api.send("POST", NETWORKS, Optional.of("name=x"), "text/plain"), "Content-Type");
  }

  @Test
  void unknownPropertyIs400WithItsPath() {
    String body = Fixtures.network("n-unknown", "10.9.0.0/16").replace("{", "{\"colour\": 1,");
    JsonNode p = invalid(api.post(NETWORKS, body), "colour");
    assertThat(p.get("rule").asText()).isEqualTo("unknown_property");
  }

  @Test
  void wrongTypeIs400WithItsPath() {
    String body = Fixtures.network("n-type", "10.9.0.0/16").replace("\"n-type\"", "42");
    JsonNode p = invalid(api.post(NETWORKS, body), "name");
    assertThat(p.get("rule").asText()).isEqualTo("is_string");
  }

  @Test
  void aWrongTypeDeepInsideTheBodyIsNamedByItsPath() {
    String id = api.post(NETWORKS, Fixtures.network("deep", "10.90.0.0/16")).json().get("id")
        .asText();
    String body = Fixtures.peering("deep", "deep.example")
        .replace("[\"10.1.0.4\"]", "[\"10.1.0.4\", 7]");
    JsonNode p = invalid(api.post(NETWORKS + "/" + id + "/transit-gateways", body),
        "dns_config.0.remote_dns_server_ip_addresses.1");
    assertThat(p.get("rule").asText()).isEqualTo("is_string");
  }

  @Test
  void badCidrStoresNothing() {
    long before = api.get(NETWORKS).json().at("/meta/page/total").asLong();
    invalid(api.post(NETWORKS, Fixtures.network("n-cidr", "10.100.0.0/16")), "cidr_block");
    assertThat(api.get(NETWORKS).json().at("/meta/page/total").asLong()).isEqualTo(before);
  }

  @Test
  void paginationAndFiltersSelectNetworks() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var created = api.post(NETWORKS, Fixtures.network("page-" + i, "10.2" + i + ".0.0/16"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      ids.add(created.json().get("id").asText());
    }
    var page = api.get(NETWORKS + "?filter[name][contains]=page-&page[size]=2&page[number]=2");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.json().at("/meta/page/total").asInt()).isEqualTo(3);
    assertThat(page.json().at("/meta/page/size").asInt()).isEqualTo(2);
    assertThat(page.json().at("/meta/page/number").asInt()).isEqualTo(2);
    assertThat(page.json().get("data")).hasSize(1);
    assertThat(page.json().at("/data/0/id").asText()).isEqualTo(ids.get(2));

    var eq = api.get(NETWORKS + "?filter[name][eq]=page-1");
    assertThat(eq.json().get("data")).hasSize(1);
    var oeq = api.get(NETWORKS + "?filter[name][oeq]=page-0,page-2");
    assertThat(oeq.json().get("data")).hasSize(2);
    var ocontains = api.get(NETWORKS + "?filter[name][ocontains]=GE-1,ge-2");
    assertThat(ocontains.json().at("/meta/page/total").asInt()).isEqualTo(2);
    var neq = api.get(NETWORKS + "?filter[name][contains]=page-&filter[name][neq]=page-0");
    assertThat(neq.json().at("/meta/page/total").asInt()).isEqualTo(2);

    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get(NETWORKS + "?filter[state]=ready&filter[name][contains]=page-")
            .json().at("/meta/page/total").asInt() == 3);
    assertThat(api.get(NETWORKS + "?filter[state][neq]=ready&filter[name][contains]=page-")
        .json().at("/meta/page/total").asInt()).isZero();
    assertThat(api.get(NETWORKS + "?filter[state][oeq]=ready,offline&filter[name][contains]=page-")
        .json().at("/meta/page/total").asInt()).isEqualTo(3);
  }

  @Test
  void badListParametersAre400() {
    invalid(api.get(NETWORKS + "?page[size]=0"), "page[size]");
    invalid(api.get(NETWORKS + "?page[size]=abc"), "page[size]");
    invalid(api.get(NETWORKS + "?page[number]=0"), "page[number]");
    invalid(api.get(NETWORKS + "?filter[state]=sleeping"), "filter[state]");
    invalid(api.get(NETWORKS + "?filter[colour][eq]=red"), "filter[colour][eq]");
  }

  @Test
  void patchRenamesANetworkAndBumpsItsVersion() {
    var created = api.post(NETWORKS, Fixtures.network("before", "10.30.0.0/16"));
    String path = NETWORKS + "/" + created.json().get("id").asText();
    var patched = api.patch(path, "{\"name\": \"after\"}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().get("name").asText()).isEqualTo("after");
    assertThat(patched.json().get("entity_version").asLong())
        .isGreaterThan(created.json().get("entity_version").asLong());
    invalid(api.patch(path, "{\"cidr_block\": \"10.31.0.0/16\"}"), "cidr_block");
  }

  @Test
  void duplicateNetworkNameIs409() {
    assertThat(api.post(NETWORKS, Fixtures.network("twice", "10.40.0.0/16")).status())
        .isEqualTo(201);
    assertProblem(api.post(NETWORKS, Fixtures.network("twice", "10.41.0.0/16")), 409);
  }

  @Test
  void deleteRulesFollowTheStateAndNameRemainingTransitGateways() {
    provider.holdProgress(true);
    var created = api.post(NETWORKS, Fixtures.network("doomed", "10.50.0.0/16"));
    String id = created.json().get("id").asText();
    String path = NETWORKS + "/" + id;
    // Still initializing: DELETE answers 400 (Konnect's rule for transitional states).
    await().atMost(Duration.ofSeconds(20)).until(() -> api.get(path).json()
        .at("/state_metadata/reported_status").asText().equals("PROVISIONING"));
    assertProblem(api.delete(path), 400);
    provider.holdProgress(false);
    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get(path).json().get("state").asText(), "ready"::equals);

    provider.holdProgress(true);
    var tgw = api.post(path + "/transit-gateways", Fixtures.peering("blocker", "a.example"));
    assertThat(tgw.status()).as(tgw.body()).isEqualTo(201);
    var conflict = api.delete(path);
    assertProblem(conflict, 409);
    assertThat(conflict.json().get("detail").asText()).contains("blocker")
        .contains(tgw.json().get("id").asText());

    String tgwPath = path + "/transit-gateways/" + tgw.json().get("id").asText();
    // Created, and the peering is not through yet (progress is held): 400 as well.
    assertProblem(api.delete(tgwPath), 400);
    provider.holdProgress(false);
    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get(tgwPath).json().get("state").asText(), "ready"::equals);
    assertThat(api.delete(tgwPath).status()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(20)).until(() -> api.get(tgwPath).status() == 404);

    // Held, so that the network stays terminating however slow this machine is.
    provider.holdProgress(true);
    assertThat(api.delete(path).status()).isEqualTo(204);
    assertThat(api.get(path).json().get("state").asText()).isEqualTo("terminating");
    assertProblem(api.delete(path), 400);
    provider.holdProgress(false);
    await().atMost(Duration.ofSeconds(20)).until(() -> api.get(path).status() == 404);
  }

  @Test
  void aDomainCannotBeForwardedByTwoTransitGatewaysOfANetwork() {
    String id = readyNetwork("dns", "10.60.0.0/16");
    String tgws = NETWORKS + "/" + id + "/transit-gateways";
    var first = api.post(tgws, Fixtures.peering("first", "shared.example"));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    var second = api.post(tgws, Fixtures.peering("second", "other.example"));
    assertThat(second.status()).as(second.body()).isEqualTo(201);

    invalid(api.post(tgws, Fixtures.peering("third", "SHARED.example.")),
        "dns_config.0.domain_proxy_list.0");
    String patch = """
        {"dns_config": [{"remote_dns_server_ip_addresses": ["10.1.0.5"],
                         "domain_proxy_list": ["ok.example", "shared.example"]}]}""";
    JsonNode p = invalid(api.patch(tgws + "/" + second.json().get("id").asText(), patch),
        "dns_config.0.domain_proxy_list.1");
    assertThat(p.get("reason").asText()).contains(first.json().get("id").asText());

    String fine = patch.replace("shared.example", "second.example");
    var patched = api.patch(tgws + "/" + second.json().get("id").asText(), fine);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().at("/dns_config/0/domain_proxy_list/1").asText())
        .isEqualTo("second.example");
    assertThat(api.patch(tgws + "/" + second.json().get("id").asText(), "{\"name\": \"renamed\"}")
        .json().get("name").asText()).isEqualTo("renamed");
    assertProblem(api.patch(tgws + "/" + second.json().get("id").asText(),
        "{\"name\": \"first\"}"), 409);
    assertProblem(api.post(tgws, Fixtures.peering("first", "third.example")), 409);
  }

  @Test
  void otherAttachmentKindsAre400NamingTheSupportedOne() {
    String id = api.post(NETWORKS, Fixtures.network("kinds", "10.70.0.0/16"))
        .json().get("id").asText();
    String body = """
        {"name": "aws", "cidr_blocks": ["10.0.0.0/8"],
         "transit_gateway_attachment_config": {"kind": "aws-transit-gateway-attachment",
           "transit_gateway_id": "tgw-1", "ram_share_arn": "arn:aws:ram:x"}}""";
    JsonNode p = invalid(api.post(NETWORKS + "/" + id + "/transit-gateways", body),
        "transit_gateway_attachment_config.kind");
    assertThat(p.toString()).contains("azure-vnet-peering-attachment");
  }

  @Test
  void organisationsNeverSeeEachOthersResources() {
    String id = api.post(NETWORKS, Fixtures.network("mine", "10.80.0.0/16"))
        .json().get("id").asText();
    var org = api.post("/v2/organizations", "{\"name\": \"acme\"}");
    assertThat(org.status()).as(org.body()).isEqualTo(201);
    ApiClient acme = api.withToken(Optional.of(org.json().at("/token/token").asText()));
    assertThat(acme.get(NETWORKS).json().at("/meta/page/total").asInt()).isZero();
    assertProblem(acme.get(NETWORKS + "/" + id), 404);
    assertProblem(acme.patch(NETWORKS + "/" + id, "{\"name\": \"theirs\"}"), 404);
    assertProblem(acme.delete(NETWORKS + "/" + id), 404);
    assertProblem(acme.get(NETWORKS + "/" + id + "/transit-gateways"), 404);
    // Only an admin token creates organisations.
    assertProblem(acme.post("/v2/organizations", "{\"name\": \"evil\"}"), 403);
  }

  @Test
  void tokensAreShownOnceListedAndRevocable() {
    var made = api.post("/v2/tokens", "{\"name\": \"ci\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String token = made.json().get("token").asText();
    assertThat(token).startsWith("cwt_");
    ApiClient ci = api.withToken(Optional.of(token));
    assertThat(ci.get(NETWORKS).status()).isEqualTo(200);
    var list = api.get("/v2/tokens");
    assertThat(list.body()).contains("\"ci\"").doesNotContain(token);
    assertThat(api.delete("/v2/tokens/" + made.json().get("id").asText()).status())
        .isEqualTo(204);
    assertProblem(ci.get(NETWORKS), 401);
    assertProblem(api.delete("/v2/tokens/" + made.json().get("id").asText()), 404);
  }

  @Test
  void controlPlanesAreListedCreatedAndDeleted() {
    var list = api.get("/v2/control-planes");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains(cp.defaultControlPlaneId().toString());
    var made = api.post("/v2/control-planes", "{\"name\": \"team-a\", \"cloud_gateway\": true,"
        + " \"labels\": {\"team\": \"a\"}}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    assertThat(made.json().at("/config/cloud_gateway").asBoolean()).isTrue();
    String path = "/v2/control-planes/" + made.json().get("id").asText();
    assertThat(api.get(path).json().at("/labels/team").asText()).isEqualTo("a");
    assertThat(api.delete(path).status()).isEqualTo(204);
    assertProblem(api.get(path), 404);
    invalid(api.post("/v2/control-planes", "{\"name\": \"x\"}"), "name");
  }
}
