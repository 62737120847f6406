package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Roles, tokens and the audit log answer as the served {@code /openapi.yaml} says. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityDocumentIT {
  private ControlPlane cp;
  private ApiClient api;
  private OpenApiInteractionValidator validator;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    cp = Fixtures.start(dataDir, Fixtures.provider());
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    validator = OpenApiInteractionValidator
        .createForInlineApiSpecification(api.withToken(Optional.empty()).get("/openapi.yaml")
            .body())
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
  void tokensWithRolesAndTheAuditLogMatchTheDocument() {
    var editor = api.post("/v2/tokens", "{\"name\": \"doc-editor\", \"role\": \"editor\"}");
    conforms(Request.Method.POST, "/v2/tokens", editor);
    String tokenPath = "/v2/tokens/" + editor.json().get("id").asText();
    conforms(Request.Method.GET, tokenPath, api.get(tokenPath));
    conforms(Request.Method.GET, "/v2/tokens/" + UUID.randomUUID(),
        api.get("/v2/tokens/" + UUID.randomUUID()));
    ApiClient asEditor = api.withToken(Optional.of(editor.json().get("token").asText()));
    conforms(Request.Method.POST, "/v2/tokens",
        asEditor.post("/v2/tokens", "{\"name\": \"up\", \"role\": \"admin\"}"));
    conforms(Request.Method.GET, "/v2/audit-log", asEditor.get("/v2/audit-log"));
    asEditor.post("/v2/control-planes", "{\"name\": \"doc-plane\"}");
    conforms(Request.Method.DELETE, tokenPath, api.delete(tokenPath));

    var log = api.get("/v2/audit-log?page[size]=10");
    assertThat(log.json().at("/meta/page/total").asInt()).isGreaterThanOrEqualTo(4);
    conforms(Request.Method.GET, "/v2/audit-log", log);
    conforms(Request.Method.GET, "/v2/audit-log",
        api.get("/v2/audit-log?filter[created_at][lt]=soon"));
  }
}
