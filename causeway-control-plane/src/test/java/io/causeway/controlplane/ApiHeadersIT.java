package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
 * Every API answer, success or problem, public or not, carries a request id and the headers
 * that keep it out of caches, MIME sniffing and frames; the web UI's pages keep their own policy.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHeadersIT {
  private ControlPlane cp;
  private ApiClient api;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    cp = Fixtures.start(dataDir, Fixtures.provider());
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
  }

  @AfterAll
  void stop() {
    cp.close();
  }

  @Test
  void everyApiAnswerCarriesARequestIdNosniffNoStoreAndNoFraming() {
    ApiClient anonymous = api.withToken(Optional.empty());
    List<ApiClient.Answer> answers = List.of(
        api.get("/v2/cloud-gateways/networks"),
        api.get("/v2/cloud-gateways/networks/" + UUID.randomUUID()),
        api.post("/v2/cloud-gateways/networks", "{}"),
        api.send("PUT", "/v2/tokens", Optional.of("{}"), "application/json"),
        api.get("/v2/no-such-thing"),
        anonymous.get("/v2/cloud-gateways/networks"),
        anonymous.get("/v2/cloud-gateways/availability.json"),
        anonymous.get("/status"),
        anonymous.get("/openapi.yaml"));
    List<String> ids = answers.stream()
        .map(a -> a.header("X-Request-Id").orElse("")).distinct().toList();

    assertThat(answers).extracting(ApiClient.Answer::status)
        .containsExactly(200, 404, 400, 405, 404, 401, 200, 200, 200);
    assertThat(ids).hasSize(answers.size()).doesNotContain("");
    for (ApiClient.Answer answer : answers) {
      assertThat(answer.header("X-Content-Type-Options")).contains("nosniff");
      assertThat(answer.header("Cache-Control")).contains("no-store");
      assertThat(answer.header("X-Frame-Options")).contains("DENY");
      assertThat(answer.header("Content-Security-Policy"))
          .contains("default-src 'none'; frame-ancestors 'none'");
      if (answer.contentType().startsWith("application/problem+json")) {
        assertThat(answer.json().get("instance").asText())
            .isEqualTo("causeway:trace:" + answer.header("X-Request-Id").orElseThrow());
      }
    }
  }

  @Test
  void theWebUiKeepsItsOwnPolicy() {
    var page = api.withToken(Optional.empty()).get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(page.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.header("X-Frame-Options")).contains("DENY");
  }
}
