package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.causeway.provider.local.SimulatedProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our real responses, checked against Kong's published contracts (copied verbatim into
 * {@code src/test/resources/contract/}) with an OpenAPI validator: every operation of the
 * contract we implement, its success and its error answers.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractIT {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";

  private final SimulatedProvider provider = Fixtures.provider();
  private ControlPlane cp;
  private ApiClient api;
  private OpenApiInteractionValidator[] cloudGateways;
  private OpenApiInteractionValidator[] controlPlanes;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    cp = Fixtures.start(dataDir, provider);
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    cloudGateways = validator("/contract/cloud-gateways-v2.openapi.yaml");
    controlPlanes = validator("/contract/control-planes-v2.openapi.yaml");
  }

  private static OpenApiInteractionValidator[] validator(String resource) {
    String url = ContractIT.class.getResource(resource).toString();
    return new OpenApiInteractionValidator[] {
      OpenApiInteractionValidator.createForSpecificationUrl(url)
          .withBasePathOverride("/v2")
          .build(),
      OpenApiInteractionValidator.createForSpecificationUrl(url)
          .withBasePathOverride("/v2")
          .withResolveCombinators(true)
          .build()
    };
  }

  @AfterAll
  void stop() {
    cp.close();
  }

  private void conforms(
      OpenApiInteractionValidator[] validators, Request.Method method, String path,
      ApiClient.Answer answer) {
    // Kong's 400 is allOf(BaseError, {invalid_parameters}): judged part by part, with the
    // validator's injected additionalProperties: false, no answer could pass; resolving the
    // combinators merges it. The other errors must not be resolved: the resolver turns their
    // untyped example properties into objects.
    OpenApiInteractionValidator validator = answer.status() == 400 ? validators[1] : validators[0];
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status());
    if (!answer.body().isEmpty()) {
      response.withContentType(answer.contentType().split(";")[0]).withBody(answer.body());
    }
    ValidationReport report = validator.validateResponse(bare, method, response.build());
    assertThat(report.getMessages())
        .as("%s %s -> %d %s", method, path, answer.status(), answer.body())
        .isEmpty();
  }

  private void cg(Request.Method method, String path, ApiClient.Answer answer) {
    conforms(cloudGateways, method, path, answer);
  }

  @Test
  void availabilityAndProviderAccountsConform() {
    cg(Request.Method.GET, "/v2/cloud-gateways/availability.json",
        api.withToken(Optional.empty()).get("/v2/cloud-gateways/availability.json"));
    var accounts = api.get("/v2/cloud-gateways/provider-accounts");
    cg(Request.Method.GET, "/v2/cloud-gateways/provider-accounts", accounts);
    String id = accounts.json().at("/data/0/id").asText();
    cg(Request.Method.GET, "/v2/cloud-gateways/provider-accounts/" + id,
        api.get("/v2/cloud-gateways/provider-accounts/" + id));
    String unknown = "/v2/cloud-gateways/provider-accounts/00000000-0000-4000-8000-000000000000";
    cg(Request.Method.GET, unknown, api.get(unknown));
    cg(Request.Method.GET, "/v2/cloud-gateways/provider-accounts",
        api.withToken(Optional.empty()).get("/v2/cloud-gateways/provider-accounts"));
  }

  @Test
  void networkOperationsConform() {
    provider.holdProgress(true);
    var created = api.post(NETWORKS, Fixtures.network("contract", "10.8.0.0/16"));
    cg(Request.Method.POST, NETWORKS, created);
    String path = NETWORKS + "/" + created.json().get("id").asText();
    var early = api.delete(path);
    assertThat(early.status()).as(early.body()).isEqualTo(400);
    cg(Request.Method.DELETE, path, early);
    provider.holdProgress(false);
    cg(Request.Method.GET, NETWORKS, api.get(NETWORKS + "?page[size]=5"));
    cg(Request.Method.GET, path, api.get(path));
    cg(Request.Method.PATCH, path, api.patch(path, "{\"name\": \"renamed\"}"));
    cg(Request.Method.POST, NETWORKS, api.post(NETWORKS, "{\"name\": 1}"));
    cg(Request.Method.GET, NETWORKS, api.withToken(Optional.empty()).get(NETWORKS));
    String unknown = NETWORKS + "/00000000-0000-4000-8000-000000000000";
    cg(Request.Method.GET, unknown, api.get(unknown));
    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get(path).json().get("state").asText(), "ready"::equals);
    cg(Request.Method.GET, path, api.get(path));
    cg(Request.Method.DELETE, path, api.delete(path));
  }

  @Test
  void transitGatewayOperationsConform() {
    String id = api.post(NETWORKS, Fixtures.network("contract-tgw", "10.9.0.0/16"))
        .json().get("id").asText();
    String tgws = NETWORKS + "/" + id + "/transit-gateways";
    provider.holdProgress(true);
    var created = api.post(tgws, Fixtures.peering("peer", "corp.example"));
    cg(Request.Method.POST, tgws, created);
    String path = tgws + "/" + created.json().get("id").asText();
    cg(Request.Method.GET, tgws, api.get(tgws));
    cg(Request.Method.GET, path, api.get(path));
    var early = api.delete(path);
    assertThat(early.status()).as(early.body()).isEqualTo(400);
    cg(Request.Method.DELETE, path, early);
    provider.holdProgress(false);
    cg(Request.Method.POST, tgws, api.post(tgws, "{\"name\": \"x\"}"));
    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get(path).json().path("state").asText(), "ready"::equals);
    cg(Request.Method.GET, path, api.get(path));
    cg(Request.Method.DELETE, path, api.delete(path));
  }

  @Test
  void controlPlaneOperationsConform() {
    String list = "/v2/control-planes";
    conforms(controlPlanes, Request.Method.GET, list, api.get(list));
    var created = api.post(list, "{\"name\": \"contract\", \"cloud_gateway\": true}");
    conforms(controlPlanes, Request.Method.POST, list, created);
    String path = list + "/" + created.json().get("id").asText();
    conforms(controlPlanes, Request.Method.GET, path, api.get(path));
    conforms(controlPlanes, Request.Method.DELETE, path, api.delete(path));
  }
}
