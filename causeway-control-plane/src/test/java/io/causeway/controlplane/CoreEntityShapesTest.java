package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.store.CoreEntityKind;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CoreEntityShapesTest {
  private static ObjectNode json(String text) {
    return (ObjectNode) Json.read(text);
  }

  @Test
  void theUrlShorthandExpandsWithTheSchemesPortAndNoPathWhenNoneIsGiven() {
    ObjectNode https = CoreEntityShapes.normalize(CoreEntityKind.SERVICES,
        json("{\"url\":\"https://api.internal\"}"));
    ObjectNode withPath = CoreEntityShapes.normalize(CoreEntityKind.SERVICES,
        json("{\"url\":\"http://10.0.0.7:8080/base/v1\"}"));

    assertThat(https.path("protocol").asText()).isEqualTo("https");
    assertThat(https.path("port").asInt()).isEqualTo(443);
    assertThat(https.path("path").isNull()).isTrue();
    assertThat(https.has("url")).isFalse();
    assertThat(withPath.path("host").asText()).isEqualTo("10.0.0.7");
    assertThat(withPath.path("port").asInt()).isEqualTo(8080);
    assertThat(withPath.path("path").asText()).isEqualTo("/base/v1");
  }

  @Test
  void givenFieldsWinOverDefaultsAndManagedFieldsAreDropped() {
    ObjectNode route = CoreEntityShapes.normalize(CoreEntityKind.ROUTES, json(
        "{\"id\":\"x\",\"created_at\":1,\"paths\":[\"/a\"],\"strip_path\":false,"
            + "\"service\":{\"id\":\"y\"}}"));

    assertThat(route.path("strip_path").asBoolean()).isFalse();
    assertThat(route.path("preserve_host").asBoolean()).isFalse();
    assertThat(route.path("https_redirect_status_code").asInt()).isEqualTo(426);
    assertThat(route.has("id")).isFalse();
    assertThat(route.has("created_at")).isFalse();
    assertThat(route.has("service")).isFalse();
  }

  @Test
  void gatewayPathsBecomeDottedFieldPathsRelativeToTheEntity() {
    assertThat(CoreEntityShapes.dotted("paths[1]")).isEqualTo("paths.1");
    assertThat(CoreEntityShapes.dotted("healthchecks.active.http_statuses[0]"))
        .isEqualTo("healthchecks.active.http_statuses.0");
  }

  @Test
  void checkNamesEveryInvalidFieldOfOneEntity() {
    assertThatThrownBy(() -> CoreEntityShapes.check(CoreEntityKind.ROUTES, UUID.randomUUID(),
            json("{\"paths\":[\"nope\"],\"methods\":[\"G T\"]}"), Optional.of(UUID.randomUUID())))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.invalid())
            .extracting(p -> p.field())
            .contains("paths.0", "methods.0"));
  }

  @Test
  void tagQueriesAreAndWithCommasAndOrWithSlashes() {
    ObjectNode doc = json("{\"tags\":[\"a\",\"b\"]}");

    assertThat(CoreEntityShapes.hasTags(doc, Optional.of("a,b"))).isTrue();
    assertThat(CoreEntityShapes.hasTags(doc, Optional.of("a,c"))).isFalse();
    assertThat(CoreEntityShapes.hasTags(doc, Optional.of("c/b"))).isTrue();
    assertThat(CoreEntityShapes.hasTags(json("{\"tags\":null}"), Optional.of("a"))).isFalse();
    assertThat(CoreEntityShapes.hasTags(doc, Optional.empty())).isTrue();
  }

  @Test
  void targetsAreUniqueByAddressWithinTheirUpstream() {
    UUID upstream = UUID.randomUUID();
    assertThat(CoreEntityShapes.uniqueKey(CoreEntityKind.TARGETS,
            json("{\"target\":\"10.0.0.1:80\"}"), Optional.of(upstream)))
        .contains(upstream + "/10.0.0.1:80");
    assertThat(CoreEntityShapes.uniqueKey(CoreEntityKind.SERVICES, json("{\"name\":null}"),
            Optional.empty()))
        .isEmpty();
  }
}
