package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The core entities API over HTTP: Kong's shapes, defaults, validation and paging. */
@Timeout(60)
class CoreEntitiesIT {
  @TempDir Path dir;
  HybridControlPlane cp;
  ApiClient api;
  String base;

  @BeforeEach
  void start() {
    cp = HybridControlPlane.start(dir, 0);
    api = cp.client();
    base = cp.base() + "/core-entities";
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  @Test
  void aServiceCreatedWithTheUrlShorthandAnswersKongsExpandedShapeWithDefaults() {
    ApiClient.Answer created = api.post(base + "/services",
        "{\"name\":\"orders\",\"url\":\"https://orders.internal:8443/v1\",\"tags\":[\"team-a\"]}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode s = created.json();
    assertThat(s.path("protocol").asText()).isEqualTo("https");
    assertThat(s.path("host").asText()).isEqualTo("orders.internal");
    assertThat(s.path("port").asInt()).isEqualTo(8443);
    assertThat(s.path("path").asText()).isEqualTo("/v1");
    assertThat(s.path("retries").asInt()).isEqualTo(5);
    assertThat(s.path("connect_timeout").asInt()).isEqualTo(60_000);
    assertThat(s.path("enabled").asBoolean()).isTrue();
    assertThat(s.has("url")).isFalse();
    assertThat(s.path("created_at").isIntegralNumber()).isTrue();
    assertThat(api.get(base + "/services/orders").json().path("id"))
        .isEqualTo(s.path("id"));
    assertThat(api.get(base + "/services/" + s.path("id").asText()).status()).isEqualTo(200);
  }

  @Test
  void invalidFieldsAreRefusedWithTheirPathsAndNothingIsStored() {
    ApiClient.Answer bad = api.post(base + "/services",
        "{\"name\":\"orders\",\"host\":\"orders.internal\",\"port\":70000,\"colour\":\"red\"}");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    List<String> fields = new ArrayList<>();
    bad.json().path("invalid_parameters").forEach(p -> fields.add(
        p.path("field").asText() + "/" + p.path("rule").asText()));
    assertThat(fields).contains("port/invalid", "colour/unknown_property");
    assertThat(api.get(base + "/services").json().path("data")).isEmpty();

    String service = api.post(base + "/services", "{\"name\":\"s\",\"host\":\"h.internal\"}")
        .json().path("id").asText();
    ApiClient.Answer badRoute = api.post(base + "/services/" + service + "/routes",
        "{\"paths\":[\"/ok\",\"no-slash\"]}");
    assertThat(badRoute.status()).isEqualTo(400);
    assertThat(badRoute.json().path("invalid_parameters").get(0).path("field").asText())
        .isEqualTo("paths.1");
  }

  @Test
  void routesBelongToTheirServiceAndAServiceWithRoutesCannotBeDeleted() {
    String service = api.post(base + "/services", "{\"name\":\"s\",\"host\":\"h.internal\"}")
        .json().path("id").asText();
    ApiClient.Answer route = api.post(base + "/services/s/routes",
        "{\"name\":\"r\",\"paths\":[\"/orders\"]}");
    assertThat(route.status()).as(route.body()).isEqualTo(201);
    assertThat(route.json().path("service").path("id").asText()).isEqualTo(service);
    assertThat(route.json().path("strip_path").asBoolean()).isTrue();
    assertThat(route.json().path("protocols").toString()).isEqualTo("[\"http\",\"https\"]");
    ApiClient.Answer missing = api.post(base + "/routes",
        "{\"paths\":[\"/x\"],\"service\":{\"name\":\"nope\"}}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("invalid_parameters").get(0).path("rule").asText())
        .isEqualTo("missing_reference");

    assertThat(api.delete(base + "/services/s").status()).isEqualTo(409);
    assertThat(api.get(base + "/services/" + service + "/routes").json().path("data")).hasSize(1);
    assertThat(api.delete(base + "/routes/r").status()).isEqualTo(204);
    assertThat(api.delete(base + "/services/s").status()).isEqualTo(204);
    assertThat(api.get(base + "/services/s").status()).isEqualTo(404);
  }

  @Test
  void putUpsertsByNameAndPatchChangesOnlyTheGivenFields() {
    ApiClient.Answer created = api.send("PUT", base + "/services/orders",
        Optional.of("{\"host\":\"a.internal\",\"retries\":2}"), "application/json");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("name").asText()).isEqualTo("orders");

    ApiClient.Answer replaced = api.send("PUT", base + "/services/orders",
        Optional.of("{\"host\":\"b.internal\"}"), "application/json");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().path("id")).isEqualTo(created.json().path("id"));
    assertThat(replaced.json().path("retries").asInt()).isEqualTo(5);

    ApiClient.Answer patched = api.patch(base + "/services/orders", "{\"retries\":7}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().path("host").asText()).isEqualTo("b.internal");
    assertThat(patched.json().path("retries").asInt()).isEqualTo(7);
    ApiClient.Answer url = api.patch(base + "/services/orders", "{\"url\":\"http://c.internal\"}");
    assertThat(url.json().path("host").asText()).isEqualTo("c.internal");
    assertThat(url.json().path("port").asInt()).isEqualTo(80);
  }

  @Test
  void listsPageWithSizeAndOffsetAndFilterByTags() {
    for (int i = 0; i < 5; i++) {
      String tags = i % 2 == 0 ? "[\"even\",\"all\"]" : "[\"odd\",\"all\"]";
      assertThat(api.post(base + "/upstreams",
          "{\"name\":\"u" + i + "\",\"tags\":" + tags + "}").status()).isEqualTo(201);
    }
    List<String> names = new ArrayList<>();
    String next = base + "/upstreams?size=2";
    int pages = 0;
    while (next != null && pages++ < 10) {
      JsonNode page = api.get(next).json();
      page.path("data").forEach(u -> names.add(u.path("name").asText()));
      next = page.path("next").isNull() ? null : page.path("next").asText();
    }
    assertThat(names).containsExactly("u0", "u1", "u2", "u3", "u4");
    assertThat(pages).isEqualTo(3);

    JsonNode even = api.get(base + "/upstreams?tags=even,all").json().path("data");
    assertThat(even).extracting(u -> u.path("name").asText()).containsExactly("u0", "u2", "u4");
    JsonNode either = api.get(base + "/upstreams?tags=odd/nothing").json().path("data");
    assertThat(either).extracting(u -> u.path("name").asText()).containsExactly("u1", "u3");
    assertThat(api.get(base + "/upstreams?size=0").status()).isEqualTo(400);
    assertThat(api.get(base + "/upstreams?offset=not-a-cursor").status()).isEqualTo(400);
  }

  @Test
  void targetsLiveUnderTheirUpstreamAndGoWithIt() {
    api.post(base + "/upstreams", "{\"name\":\"pool\"}");
    ApiClient.Answer target = api.post(base + "/upstreams/pool/targets",
        "{\"target\":\"10.0.0.1:8080\"}");
    assertThat(target.status()).as(target.body()).isEqualTo(201);
    assertThat(target.json().path("weight").asInt()).isEqualTo(100);
    assertThat(api.post(base + "/upstreams/pool/targets", "{\"target\":\"10.0.0.1:8080\"}")
        .status()).isEqualTo(409);
    assertThat(api.get(base + "/upstreams/pool/targets").json().path("data")).hasSize(1);

    assertThat(api.delete(base + "/upstreams/pool").status()).isEqualTo(204);
    assertThat(api.get(base + "/upstreams/pool/targets").status()).isEqualTo(404);
  }

  @Test
  void anotherOrganizationsControlPlaneIsNotFound() {
    String other = "/v2/control-planes/" + java.util.UUID.randomUUID() + "/core-entities/services";
    assertThat(api.get(other).status()).isEqualTo(404);
    assertThat(api.withToken(Optional.empty()).get(base + "/services").status()).isEqualTo(401);
  }

  private static final String DECLARATIVE = "{\"_format_version\":\"3.0\","
      + "\"services\":[{\"name\":\"orders\",\"url\":\"http://orders.internal:8080/api\","
      + "\"routes\":[{\"name\":\"orders\",\"paths\":[\"/orders\"]},"
      + "{\"paths\":[\"/legacy\"]}]}],"
      + "\"upstreams\":[{\"name\":\"pool\",\"targets\":[{\"target\":\"10.0.0.1:80\"}]}]}";

  @Test
  void aDeclarativeDocumentReplacesTheConfigurationAndReapplyingItChangesNothing() {
    ApiClient.Answer dry = api.send("PUT", base + "/config?dry_run=true",
        Optional.of(DECLARATIVE), "application/json");
    assertThat(dry.status()).as(dry.body()).isEqualTo(200);
    assertThat(dry.json().path("created").asInt()).isEqualTo(5);
    assertThat(api.get(base + "/services").json().path("data")).isEmpty();

    ApiClient.Answer applied = api.send("PUT", base + "/config", Optional.of(DECLARATIVE),
        "application/json");
    assertThat(applied.json().path("created").asInt()).isEqualTo(5);
    JsonNode route = api.get(base + "/routes/orders").json();
    assertThat(route.path("service").path("id"))
        .isEqualTo(api.get(base + "/services/orders").json().path("id"));
    assertThat(api.get(base + "/upstreams/pool/targets").json().path("data")).hasSize(1);

    ApiClient.Answer again = api.send("PUT", base + "/config", Optional.of(DECLARATIVE),
        "application/json");
    assertThat(again.json().path("unchanged").asInt()).isEqualTo(5);
    assertThat(again.json().path("config_hash")).isEqualTo(applied.json().path("config_hash"));
    assertThat(api.get(base + "/routes/orders").json().path("id")).isEqualTo(route.path("id"));

    ApiClient.Answer dump = api.get(base + "/config");
    assertThat(dump.json().path("routes")).hasSize(2);
    assertThat(dump.json().has("_causeway")).isFalse();
    ApiClient.Answer roundTrip = api.send("PUT", base + "/config", Optional.of(dump.body()),
        "application/json");
    assertThat(roundTrip.json().path("unchanged").asInt()).as(roundTrip.body()).isEqualTo(5);

    ApiClient.Answer emptied = api.send("PUT", base + "/config",
        Optional.of("{\"_format_version\":\"3.0\"}"), "application/json");
    assertThat(emptied.json().path("deleted").asInt()).isEqualTo(5);
    assertThat(api.get(base + "/routes").json().path("data")).isEmpty();
  }

  @Test
  void anInvalidDeclarativeDocumentIsRefusedWithPathsAndChangesNothing() {
    ApiClient.Answer bad = api.send("PUT", base + "/config", Optional.of(
        "{\"_format_version\":\"3.0\",\"services\":[{\"host\":\"h\",\"routes\":"
            + "[{\"paths\":[\"bad\"]}]}],\"plugins\":[]}"), "application/json");

    assertThat(bad.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    bad.json().path("invalid_parameters").forEach(p -> fields.add(p.path("field").asText()));
    assertThat(fields).contains("services.0.routes.0.paths.0", "plugins");
    assertThat(api.send("PUT", base + "/config", Optional.of(
        "{\"_format_version\":\"3.0\",\"_causeway\":{\"dns_forwarding\":[]}}"),
        "application/json").status()).isEqualTo(400);
  }

  @Test
  void applyingMovesANamedRouteToANewServiceAndDropsTheOldOne() {
    String first = "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"old\","
        + "\"host\":\"old.internal\",\"routes\":[{\"name\":\"r\",\"paths\":[\"/r\"]}]}]}";
    String second = first.replace("\"old\"", "\"new\"").replace("old.internal", "new.internal");
    api.send("PUT", base + "/config", Optional.of(first), "application/json");
    String routeId = api.get(base + "/routes/r").json().path("id").asText();

    ApiClient.Answer moved = api.send("PUT", base + "/config", Optional.of(second),
        "application/json");

    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(moved.json().path("created").asInt()).isEqualTo(1);
    assertThat(moved.json().path("updated").asInt()).isEqualTo(1);
    assertThat(moved.json().path("deleted").asInt()).isEqualTo(1);
    JsonNode route = api.get(base + "/routes/r").json();
    assertThat(route.path("id").asText()).isEqualTo(routeId);
    assertThat(route.path("service").path("id"))
        .isEqualTo(api.get(base + "/services/new").json().path("id"));
    assertThat(api.get(base + "/services/old").status()).isEqualTo(404);
  }
}
