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

/** Our extensions' real answers, checked against the {@code /openapi.yaml} the server serves. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnDocumentIT {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";

  private final SimulatedProvider provider = Fixtures.provider();
  private ControlPlane cp;
  private ApiClient api;
  private OpenApiInteractionValidator validator;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    cp = Fixtures.start(dataDir, provider);
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    var document = api.withToken(Optional.empty()).get("/openapi.yaml");
    assertThat(document.status()).isEqualTo(200);
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(document.body())
        .withResolveCombinators(true)
        .build();
  }

  @AfterAll
  void stop() {
    cp.close();
  }

  private void conforms(Request.Method method, String path, ApiClient.Answer answer) {
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

  @Test
  void transitGatewayExtensionsMatchTheDocument() {
    String id = api.post(NETWORKS, Fixtures.network("doc", "10.8.0.0/16")).json().get("id")
        .asText();
    String tgws = NETWORKS + "/" + id + "/transit-gateways";
    var created = api.post(tgws, Fixtures.peering("doc", SimulatedProvider.NO_CONSENT_TENANT,
        "vnet-doc", "doc.example"));
    conforms(Request.Method.POST, tgws, created);
    String path = tgws + "/" + created.json().get("id").asText();
    conforms(Request.Method.GET, path + "/azure-setup", api.get(path + "/azure-setup"));
    await().atMost(Duration.ofSeconds(20)).until(
        () -> api.get(path).json().get("state").asText(), "pending-user-action"::equals);
    conforms(Request.Method.POST, path + "/verify", api.post(path + "/verify", "{}"));
    String patch = """
        {"name": "doc2", "dns_config": [{"remote_dns_server_ip_addresses": ["10.1.0.9"],
          "domain_proxy_list": ["doc2.example"]}]}""";
    conforms(Request.Method.PATCH, path, api.patch(path, patch));
    conforms(Request.Method.PATCH, path, api.patch(path, "{\"dns_config\": 3}"));
    var conflict = api.delete(NETWORKS + "/" + id);
    conforms(Request.Method.DELETE, NETWORKS + "/" + id, conflict);
    conforms(Request.Method.GET, "/v2/cloud-gateways/availability.json",
        api.get("/v2/cloud-gateways/availability.json"));
    conforms(Request.Method.GET, "/status", api.get("/status"));
  }

  @Test
  void tokensAndOrganizationsMatchTheDocument() {
    var token = api.post("/v2/tokens", "{\"name\": \"doc\"}");
    conforms(Request.Method.POST, "/v2/tokens", token);
    conforms(Request.Method.GET, "/v2/tokens", api.get("/v2/tokens"));
    String path = "/v2/tokens/" + token.json().get("id").asText();
    conforms(Request.Method.DELETE, path, api.delete(path));
    conforms(Request.Method.DELETE, path, api.delete(path));
    var org = api.post("/v2/organizations", "{\"name\": \"doc-org\"}");
    conforms(Request.Method.POST, "/v2/organizations", org);
    conforms(Request.Method.POST, "/v2/organizations",
        api.post("/v2/organizations", "{\"name\": \"doc-org\"}"));
    conforms(Request.Method.POST, "/v2/organizations",
        api.withToken(Optional.of(org.json().at("/token/token").asText()))
            .post("/v2/organizations", "{\"name\": \"x\"}"));
  }
}
