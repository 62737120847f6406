package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokens create --role} and {@code audit-log} against a real control plane. */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityCliIT {
  @TempDir static Path dataDir;
  @TempDir static Path home;
  private ControlPlane controlPlane;
  private Cli admin;

  @BeforeAll
  void start() {
    controlPlane = ControlPlane.start(new ControlPlaneOptions(dataDir, "127.0.0.1", 0,
        Optional.empty(), Optional.empty(), Optional.empty(), "simulated",
        Duration.ofMillis(200), true, Map.of()));
    admin = as(controlPlane.newAdminToken().orElseThrow());
  }

  @AfterAll
  void stop() {
    controlPlane.close();
  }

  private Cli as(String token) {
    Map<String, String> all = new HashMap<>();
    all.put("CAUSEWAY_SERVER", controlPlane.apiUri().toString());
    all.put("CAUSEWAY_TOKEN", token);
    all.put("CAUSEWAY_CONFIG", home.resolve("unused-config.json").toString());
    return new Cli(Environment.of(all, home));
  }

  private static JsonNode json(Cli.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    try {
      return Api.JSON.readTree(result.out());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result, e);
    }
  }

  @Test
  void tokensAreMadeWithTheRoleAskedAndViewersByDefault() {
    JsonNode editor = json(admin.run("tokens", "create", "--name", "deployer", "--role",
        "editor", "-o", "json"));
    assertThat(editor.get("role").asText()).isEqualTo("editor");
    JsonNode plain = json(admin.run("tokens", "create", "--name", "dashboard", "-o", "json"));
    assertThat(plain.get("role").asText()).isEqualTo("viewer");
    assertThat(admin.run("tokens", "create", "--name", "x", "--role", "root").exitCode())
        .isEqualTo(2);

    Cli viewer = as(plain.get("token").asText());
    Cli.Result refused = viewer.run("control-planes", "create", "--name", "nope");
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("needs the editor role").contains("viewer role");
    Cli.Result minted = as(editor.get("token").asText())
        .run("tokens", "create", "--name", "up", "--role", "admin");
    assertThat(minted.exitCode()).isEqualTo(1);
    assertThat(minted.err()).contains("needs the admin role");
  }

  @Test
  void theAuditLogShowsWhoChangedWhatNewestFirstAndFilters() {
    JsonNode made = json(admin.run("tokens", "create", "--name", "auditor-ci", "--role",
        "editor", "-o", "json"));
    Cli ci = as(made.get("token").asText());
    assertThat(ci.run("control-planes", "create", "--name", "by-ci").exitCode()).isZero();

    Cli.Result table = admin.run("audit-log");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("CREATED_AT").contains("auditor-ci")
        .contains("/v2/control-planes").contains("201");
    assertThat(table.out()).doesNotContain(made.get("token").asText());

    JsonNode mine = json(admin.run("audit-log", "--actor", "auditor-ci", "-o", "json"));
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).at("/after/name").asText()).isEqualTo("by-ci");
    JsonNode limited = json(admin.run("audit-log", "--limit", "1", "-o", "json"));
    assertThat(limited).hasSize(1);
    assertThat(limited.get(0).get("method").asText()).isEqualTo("POST");
    assertThat(admin.run("audit-log", "--limit", "0").exitCode()).isEqualTo(2);
    assertThat(json(admin.run("audit-log", "--since", "2999-01-01T00:00:00Z", "-o", "json")))
        .isEmpty();

    Cli.Result refused = ci.run("audit-log");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("needs the admin role");
  }
}
