package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With another provider, {@code /v2/local} answers 404 saying it needs the local provider. */
@Timeout(60)
class LocalVnetsAbsentIT {
  @TempDir Path dataDir;

  @Test
  void everyLocalPathSaysItNeedsTheLocalProvider() {
    try (ControlPlane cp = Fixtures.start(dataDir, Fixtures.provider())) {
      ApiClient api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
      String create =
          """
          {"subscription_id": "b2c3d4e5-f6a7-8901-bcde-f12345678901",
           "resource_group_name": "rg", "name": "app", "cidr": "10.1.0.0/16"}""";
      List<ApiClient.Answer> answers =
          List.of(
              api.get("/v2/local/vnets"),
              api.post("/v2/local/vnets", create),
              api.get("/v2/local/vnets/app"),
              api.delete("/v2/local/vnets/app"),
              api.post("/v2/local/vnets/app/exec", "{\"command\": [\"true\"]}"),
              api.post("/v2/local/reset", "{}"));
      for (ApiClient.Answer answer : answers) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith(Problems.CONTENT_TYPE);
        assertThat(answer.json().get("detail").asText())
            .contains("--provider local", "root or CAP_NET_ADMIN", "sudo ./causeway up");
      }
      assertThat(api.withToken(Optional.empty()).get("/v2/local/vnets").status()).isEqualTo(401);
    }
  }
}
