package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hybrid mode's real answers, checked against the {@code /openapi.yaml} the server serves. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HybridDocumentIT {
  private ControlPlane cp;
  private ApiClient api;
  private OpenApiInteractionValidator validator;
  private String base;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    cp = ControlPlane.start(Fixtures.options(dataDir).withCluster("127.0.0.1", 0),
        Fixtures.hooks(Fixtures.provider()));
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    validator = OpenApiInteractionValidator.createForInlineApiSpecification(
            api.withToken(Optional.empty()).get("/openapi.yaml").body())
        .withResolveCombinators(true)
        .build();
    base = "/v2/control-planes/" + cp.defaultControlPlaneId();
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
  void coreEntityAnswersAreDocumented() {
    String services = base + "/core-entities/services";
    ApiClient.Answer created = api.post(services, "{\"name\":\"doc\",\"host\":\"h.internal\"}");
    conforms(Request.Method.POST, services, created);
    conforms(Request.Method.GET, services + "?size=1", api.get(services + "?size=1"));
    conforms(Request.Method.GET, services + "/doc", api.get(services + "/doc"));
    conforms(Request.Method.PATCH, services + "/doc", api.patch(services + "/doc",
        "{\"retries\":1}"));
    conforms(Request.Method.POST, services, api.post(services, "{\"port\":\"x\"}"));
    String routes = services + "/doc/routes";
    conforms(Request.Method.POST, routes, api.post(routes, "{\"paths\":[\"/doc\"]}"));
    String config = base + "/core-entities/config";
    ApiClient.Answer dump = api.get(config);
    conforms(Request.Method.GET, config, dump);
    conforms(Request.Method.PUT, config, api.send("PUT", config + "?dry_run=true",
        Optional.of(dump.body()), "application/json"));
  }

  @Test
  void clusterAnswersAreDocumented() {
    conforms(Request.Method.POST, base + "/join-tokens", api.post(base + "/join-tokens", "{}"));
    conforms(Request.Method.GET, base + "/nodes", api.get(base + "/nodes"));
    conforms(Request.Method.GET, base + "/expected-config-hash",
        api.get(base + "/expected-config-hash"));
  }
}
