package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log through the real API, on every store: who changed what, before and after, when,
 * with which outcome; secrets never in it; one organisation never sees another's; old rows go.
 * Subclasses say which database.
 */
@Timeout(120)
abstract class AuditLogContract {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";

  @TempDir Path dataDir;
  private final MutableClock clock = new MutableClock(Instant.now());
  private ControlPlane cp;
  private ApiClient api;

  /** The database URL for the control plane; empty for the embedded H2 file. */
  abstract Optional<String> databaseUrl();

  private void start(Map<String, String> environment) {
    ControlPlaneOptions options = new ControlPlaneOptions(
        dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), databaseUrl(),
        "simulated", Fixtures.DELAY, true, environment);
    cp = ControlPlane.start(options, new Hooks(Optional.of(Fixtures.provider()), clock, 1000,
        Duration.ofSeconds(1), Optional.of(Fixtures.FAST), 7L));
    api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
  }

  @AfterEach
  void stop() {
    if (cp != null) {
      cp.close();
      cp = null;
    }
  }

  private JsonNode log(String query) {
    var answer = api.get(AuditApi.PATH + query);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  @Test
  void aChangeIsRecordedWithWhoWhatBeforeAfterWhenAndTheRequestId() {
    start(Map.of());
    var created = api.post(NETWORKS, Fixtures.network("audited", "10.60.0.0/16"));
    String id = created.json().get("id").asText();
    var renamed = api.patch(NETWORKS + "/" + id, "{\"name\": \"renamed\"}");
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);

    JsonNode page = log("?filter[entity_kind]=networks&filter[entity_id]=" + id);
    assertThat(page.at("/meta/page/total").asInt()).isEqualTo(2);
    JsonNode patch = page.at("/data/0");
    assertThat(patch.get("method").asText()).isEqualTo("PATCH");
    assertThat(patch.get("path").asText()).isEqualTo(NETWORKS + "/" + id);
    assertThat(patch.get("route").asText()).isEqualTo(NETWORKS + "/{networkId}");
    assertThat(patch.get("status").asInt()).isEqualTo(200);
    assertThat(patch.get("request_id").asText())
        .isEqualTo(renamed.header("X-Request-Id").orElseThrow());
    assertThat(patch.at("/actor/token_name").asText()).isEqualTo("admin");
    assertThat(patch.at("/actor/organization_id").asText())
        .isEqualTo(cp.defaultOrganizationId().toString());
    assertThat(patch.at("/before/name").asText()).isEqualTo("audited");
    assertThat(patch.at("/after/name").asText()).isEqualTo("renamed");
    assertThat(Instant.parse(patch.get("created_at").asText()))
        .isBetween(clock.instant().minusSeconds(60), clock.instant().plusSeconds(1));
    JsonNode post = page.at("/data/1");
    assertThat(post.get("status").asInt()).isEqualTo(201);
    assertThat(post.get("before").isNull()).isTrue();
    assertThat(post.at("/after/id").asText()).isEqualTo(id);

    var deleted = api.delete(NETWORKS + "/" + id);
    JsonNode delete = log("?filter[entity_id]=" + id).at("/data/0");
    assertThat(delete.get("status").asInt()).isEqualTo(deleted.status());
    assertThat(delete.at("/before/name").asText()).isEqualTo("renamed");
    assertThat(delete.get("after").isNull()).isTrue();
    assertThat(log("").at("/meta/page/total").asInt()).isEqualTo(3);
    assertThat(log("?page[size]=1&page[number]=3").at("/data/0/method").asText())
        .isEqualTo("POST");
  }

  @Test
  void secretsNeverReachTheLogAndRefusedOrFailedChangesAreRecordedToo() {
    start(Map.of());
    var made = api.post("/v2/tokens", "{\"name\": \"ci\", \"role\": \"viewer\"}");
    String secret = made.json().get("token").asText();
    ApiClient viewer = api.withToken(Optional.of(secret));
    assertThat(viewer.post(NETWORKS, Fixtures.network("no", "10.61.0.0/16")).status())
        .isEqualTo(403);
    assertThat(api.delete(NETWORKS + "/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    var revoked = api.delete("/v2/tokens/" + made.json().get("id").asText());
    assertThat(revoked.status()).isEqualTo(204);

    var all = api.get(AuditApi.PATH);
    assertThat(all.body()).doesNotContain(secret).contains("[redacted]");
    JsonNode rows = all.json().get("data");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).at("/entity/kind").asText()).isEqualTo("tokens");
    assertThat(rows.get(0).at("/before/name").asText()).isEqualTo("ci");
    assertThat(rows.get(1).get("status").asInt()).isEqualTo(404);
    assertThat(rows.get(2).get("status").asInt()).isEqualTo(403);
    assertThat(rows.get(2).at("/actor/token_name").asText()).isEqualTo("ci");
    assertThat(rows.get(3).at("/after/token").asText()).isEqualTo("[redacted]");
    assertThat(log("?filter[actor]=ci").at("/meta/page/total").asInt()).isEqualTo(1);
  }

  @Test
  void anOrganisationSeesOnlyItsOwnRowsAndBadFiltersAreRefused() {
    start(Map.of());
    api.post(NETWORKS, Fixtures.network("mine", "10.62.0.0/16"));
    var org = api.post("/v2/organizations", "{\"name\": \"tenant\"}");
    ApiClient tenant = api.withToken(Optional.of(org.json().at("/token/token").asText()));
    tenant.post("/v2/control-planes", "{\"name\": \"theirs\"}");

    assertThat(tenant.get(AuditApi.PATH).json().at("/meta/page/total").asInt()).isEqualTo(1);
    assertThat(tenant.get(AuditApi.PATH).body()).doesNotContain("mine");
    var bad = api.get(AuditApi.PATH + "?filter[created_at][gte]=yesterday&filter[who]=x");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("filter[created_at][gte]").contains("filter[who]");
    String since = clock.instant().plusSeconds(3600).toString();
    assertThat(log("?filter[created_at][gte]=" + since).at("/meta/page/total").asInt()).isZero();
  }

  @Test
  void aLargeDeclarativeConfigurationBeforeItsReplacementIsStoredAsItsSizeAsServed() {
    start(Map.of());
    String config = "/v2/control-planes/" + cp.defaultControlPlaneId() + "/core-entities/config";
    StringBuilder document = new StringBuilder("{\"_format_version\":\"3.0\",\"services\":[");
    for (int i = 0; i < 600; i++) {
      document.append(i == 0 ? "" : ",").append("""
          {"name":"svc-%d","url":"http://svc-%d.internal:8080/api",\
          "routes":[{"name":"route-%d","paths":["/p-%d"]}]}""".formatted(i, i, i, i));
    }
    String body = document.append("]}").toString();
    assertThat(api.send("PUT", config, Optional.of(body), "application/json").status())
        .isEqualTo(200);
    String served = api.get(config).body();
    assertThat(served.length()).isGreaterThan(AuditLog.MAX_DOCUMENT);

    var again = api.send("PUT", config, Optional.of(body), "application/json");
    assertThat(again.status()).as(again.body()).isEqualTo(200);

    JsonNode row = log("?page[size]=1").at("/data/0");
    assertThat(row.get("method").asText()).isEqualTo("PUT");
    assertThat(row.at("/before/truncated").asBoolean()).isTrue();
    assertThat(row.at("/before/characters").asInt()).isEqualTo(served.length());
    assertThat(row.at("/after/unchanged").asInt()).isEqualTo(1200);
  }

  @Test
  void rowsOlderThanTheConfiguredRetentionArePruned() {
    start(Map.of(AuditLog.RETENTION_VARIABLE, "1"));
    api.post("/v2/control-planes", "{\"name\": \"old\"}");
    clock.advance(Duration.ofDays(2));
    api.post("/v2/control-planes", "{\"name\": \"new\"}");

    JsonNode rows = log("").get("data");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).at("/after/name").asText()).isEqualTo("new");
  }
}
