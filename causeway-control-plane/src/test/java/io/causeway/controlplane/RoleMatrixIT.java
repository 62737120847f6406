package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the real API against the one table of {@link Roles}: a route without a rule
 * fails here, every rule refuses the role just below it with a 403 naming both roles, and admits
 * the role it names. Tokens never mint a role above their own.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixIT {
  private ControlPlane cp;
  private ApiClient operator;
  private final Map<String, ApiClient> byRole = new java.util.HashMap<>();
  private ApiClient otherAdmin;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    cp = ControlPlane.start(Fixtures.options(dataDir),
        Fixtures.hooks(Fixtures.provider()).withAuthBudget(1000, Duration.ofSeconds(1)));
    operator = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    for (String role : List.of("viewer", "editor", "admin")) {
      var made = operator.post("/v2/tokens",
          "{\"name\": \"as-" + role + "\", \"role\": \"" + role + "\"}");
      assertThat(made.status()).as(made.body()).isEqualTo(201);
      assertThat(made.json().get("role").asText()).isEqualTo(role);
      byRole.put(role, operator.withToken(Optional.of(made.json().get("token").asText())));
    }
    var org = operator.post("/v2/organizations", "{\"name\": \"tenant\"}");
    assertThat(org.status()).as(org.body()).isEqualTo(201);
    assertThat(org.json().at("/token/role").asText()).isEqualTo("admin");
    otherAdmin = operator.withToken(Optional.of(org.json().at("/token/token").asText()));
  }

  @AfterAll
  void stop() {
    cp.close();
  }

  private List<String> apiRoutes() {
    return cp.apiRoutes().stream().filter(r -> r.split(" ", 2)[1].startsWith("/v2/")).toList();
  }

  @Test
  void everyRegisteredRouteHasARule() {
    List<String> missing = new ArrayList<>();
    for (String route : apiRoutes()) {
      String[] parts = route.split(" ", 2);
      if (!Roles.PUBLIC.contains(route) && Roles.rule(parts[0], parts[1]).isEmpty()) {
        missing.add(route);
      }
    }
    assertThat(missing).as("routes without a rule in Roles.TABLE").isEmpty();
    assertThat(apiRoutes()).hasSizeGreaterThan(50);
  }

  @Test
  void everyRuleNamesARegisteredRoute() {
    assertThat(apiRoutes()).containsAll(Roles.TABLE.keySet());
  }

  @Test
  void everyRouteRefusesTheRoleBelowItsRuleAndAdmitsItsRole() {
    List<String> wrong = new ArrayList<>();
    for (String route : apiRoutes()) {
      if (Roles.PUBLIC.contains(route)) {
        continue;
      }
      String method = route.split(" ", 2)[0];
      String path = concrete(route.split(" ", 2)[1]);
      Roles.Rule rule = Roles.rule(method, route.split(" ", 2)[1]).orElseThrow();
      Optional<ApiClient> below = below(rule);
      ApiClient at = rule.operator() ? operator : byRole.get(rule.role().wire());
      if (below.isPresent()) {
        var refused = send(below.get(), method, path);
        if (refused.status() != 403
            || !refused.contentType().startsWith("application/problem+json")
            || !refused.json().get("detail").asText().contains(rule.describe())) {
          wrong.add(route + " below its rule answered " + refused.status() + " " + refused.body());
        }
      } else {
        var anonymous = send(at.withToken(Optional.empty()), method, path);
        if (anonymous.status() != 401) {
          wrong.add(route + " without a token answered " + anonymous.status());
        }
      }
      var admitted = send(at, method, path);
      if (admitted.status() == 403 || admitted.status() == 401) {
        wrong.add(route + " with its role answered " + admitted.status() + " "
            + admitted.body());
      }
    }
    assertThat(wrong).isEmpty();
  }

  private Optional<ApiClient> below(Roles.Rule rule) {
    if (rule.operator()) {
      return Optional.of(otherAdmin);
    }
    return switch (rule.role()) {
      case VIEWER -> Optional.empty();
      case EDITOR -> Optional.of(byRole.get("viewer"));
      case ADMIN -> Optional.of(byRole.get("editor"));
    };
  }

  private static String concrete(String pattern) {
    return pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
  }

  private static ApiClient.Answer send(ApiClient client, String method, String path) {
    boolean body = !method.equals("GET") && !method.equals("DELETE");
    return client.send(method, path, body ? Optional.of("{}") : Optional.empty(),
        "application/json");
  }

  @Test
  void headIsAReadLikeGet() {
    String path = "/v2/cloud-gateways/networks";
    assertThat(byRole.get("viewer").send("HEAD", path, Optional.empty(), "application/json")
        .status()).isEqualTo(200);
    assertThat(operator.withToken(Optional.empty())
        .send("HEAD", path, Optional.empty(), "application/json").status()).isEqualTo(401);
  }

  @Test
  void aForbiddenAnswerNamesTheRoleNeededAndTheRoleHeld() {
    var refused = byRole.get("viewer").post("/v2/cloud-gateways/networks",
        Fixtures.network("nope", "10.90.0.0/16"));

    assertThat(refused.status()).isEqualTo(403);
    JsonNode problem = refused.json();
    assertThat(problem.get("title").asText()).isEqualTo("Forbidden");
    assertThat(problem.get("detail").asText())
        .contains("needs the editor role").contains("has the viewer role").contains("as-viewer");
    assertThat(problem.get("instance").asText())
        .isEqualTo("causeway:trace:" + refused.header("X-Request-Id").orElseThrow());
  }

  @Test
  void aTokenWithoutARoleIsAViewerAndNoTokenMintsAboveItsOwnRole() {
    var made = operator.post("/v2/tokens", "{\"name\": \"plain\"}");
    assertThat(made.json().get("role").asText()).isEqualTo("viewer");

    var escalation = byRole.get("editor").post("/v2/tokens",
        "{\"name\": \"up\", \"role\": \"admin\"}");
    assertThat(escalation.status()).isEqualTo(403);
    assertThat(operator.post("/v2/tokens", "{\"name\": \"x\", \"role\": \"root\"}").status())
        .isEqualTo(400);
    // The tenant's admin manages its own tokens, but is not the operator.
    var tenantToken = otherAdmin.post("/v2/tokens", "{\"name\": \"t\", \"role\": \"admin\"}");
    assertThat(tenantToken.status()).as(tenantToken.body()).isEqualTo(201);
    assertThat(otherAdmin.post("/v2/organizations", "{\"name\": \"evil\"}").status())
        .isEqualTo(403);
    assertThat(otherAdmin.get("/v2/tokens").body()).doesNotContain("as-viewer");
  }

  @Test
  void editorsChangeResourcesThatViewersOnlyRead() {
    var created = byRole.get("editor").post("/v2/control-planes", "{\"name\": \"by-editor\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String path = "/v2/control-planes/" + created.json().get("id").asText();
    assertThat(byRole.get("viewer").get(path).status()).isEqualTo(200);
    assertThat(byRole.get("viewer").delete(path).status()).isEqualTo(403);
    assertThat(byRole.get("editor").delete(path).status()).isEqualTo(204);
  }
}
