package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.store.Page;
import io.causeway.store.PageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an audit row holds, decided without a server: redaction, size, entity, retention. */
class AuditLogTest {
  private static JsonNode json(String text) {
    return Json.read(text);
  }

  @Test
  void secretsAreRedactedAtAnyDepthAndOtherFieldsKept() {
    JsonNode document = json("""
        {"id": "t1", "name": "ci", "token": "cwt_abc", "revoked": false,
         "nested": {"client_secret": "s", "items": [{"password": "p", "privateKey": "k"}]},
         "token_count": null}""");

    String stored = AuditLog.document(document);

    assertThat(stored).doesNotContain("cwt_abc").doesNotContain("\"s\"")
        .doesNotContain("\"p\"").doesNotContain("\"k\"");
    JsonNode back = json(stored);
    assertThat(back.get("token").asText()).isEqualTo("[redacted]");
    assertThat(back.at("/nested/client_secret").asText()).isEqualTo("[redacted]");
    assertThat(back.at("/nested/items/0/password").asText()).isEqualTo("[redacted]");
    assertThat(back.at("/nested/items/0/privateKey").asText()).isEqualTo("[redacted]");
    assertThat(back.get("name").asText()).isEqualTo("ci");
    assertThat(back.get("token_count").isNull()).isTrue();
    assertThat(document.get("token").asText()).as("the answer itself is untouched")
        .isEqualTo("cwt_abc");
  }

  @Test
  void aDocumentOverTheLimitIsReplacedByItsSize() {
    String big = "{\"name\": \"" + "x".repeat(AuditLog.MAX_DOCUMENT) + "\"}";

    JsonNode stored = json(AuditLog.document(json(big)));

    assertThat(stored.get("truncated").asBoolean()).isTrue();
    assertThat(stored.get("characters").asInt()).isGreaterThan(AuditLog.MAX_DOCUMENT);
  }

  @Test
  void anOversizedEntityBeforeAChangeIsNotedByItsSizeWithoutBeingParsed() {
    // Cut short: parsing it would fail, so a note proves it was not parsed.
    String big = "{\"name\": \"" + "x".repeat(AuditLog.MAX_DOCUMENT);

    AuditLog.Before before = AuditLog.before(big).orElseThrow();

    assertThat(before.node()).isEmpty();
    JsonNode stored = json(before.stored());
    assertThat(stored.get("truncated").asBoolean()).isTrue();
    assertThat(stored.get("characters").asInt()).isEqualTo(big.length());
  }

  @Test
  void aSmallEntityBeforeAChangeIsStoredRedactedAndAListNotAtAllWhateverItsSize() {
    AuditLog.Before before =
        AuditLog.before("{\"id\": \"t1\", \"token\": \"cwt_abc\"}").orElseThrow();
    assertThat(before.node().orElseThrow().get("id").asText()).isEqualTo("t1");
    assertThat(json(before.stored()).get("token").asText()).isEqualTo("[redacted]");

    List<JsonNode> items = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      items.add(json("{\"id\": \"configuration-" + i + "\", \"version\": \"3.10\"}"));
    }
    String large =
        Json.write(Wire.page(new Page<>(items, 2_000, PageRequest.of(1, 1_000)), items));
    String small = Json.write(Wire.page(
        new Page<>(items.subList(0, 1), 1, PageRequest.of(1, 10)), items.subList(0, 1)));
    assertThat(large.length()).isGreaterThan(AuditLog.MAX_DOCUMENT);
    assertThat(AuditLog.before(large)).isEmpty();
    assertThat(AuditLog.before(small)).isEmpty();
  }

  @Test
  void theEntityComesFromTheRouteAndTheDocuments() {
    Optional<JsonNode> created = Optional.of(json("{\"id\": \"new-id\"}"));
    assertThat(AuditLog.Entity.of("/v2/cloud-gateways/networks", "/v2/cloud-gateways/networks",
        201, created, Optional.empty()))
        .isEqualTo(new AuditLog.Entity(Optional.of("networks"), Optional.of("new-id")));
    assertThat(AuditLog.Entity.of("/v2/control-planes/{cp}/core-entities/services/{entity}",
        "/v2/control-planes/c1/core-entities/services/web", 200,
        Optional.of(json("{\"id\": \"svc-1\"}")), Optional.empty()))
        .isEqualTo(new AuditLog.Entity(Optional.of("services"), Optional.of("svc-1")));
    assertThat(AuditLog.Entity.of("/v2/tokens/{tokenId}", "/v2/tokens/t9", 404,
        Optional.empty(), Optional.empty()))
        .isEqualTo(new AuditLog.Entity(Optional.of("tokens"), Optional.of("t9")));
    assertThat(AuditLog.Entity.of("/v2/n/{networkId}/transit-gateways/{tgw}/verify",
        "/v2/n/n1/transit-gateways/g1/verify", 200, Optional.of(json("{\"id\": \"g1\"}")),
        Optional.empty()))
        .isEqualTo(new AuditLog.Entity(Optional.of("transit-gateways"), Optional.of("g1")));
    assertThat(AuditLog.Entity.of("/v2/control-planes/{cp}/join-tokens",
        "/v2/control-planes/c1/join-tokens", 201, Optional.of(json("{\"id\": \"j1\"}")),
        Optional.empty()))
        .isEqualTo(new AuditLog.Entity(Optional.of("join-tokens"), Optional.of("j1")));
    assertThat(AuditLog.Entity.of("/v2/local/reset", "/v2/local/reset", 200, Optional.empty(),
        Optional.empty()))
        .isEqualTo(new AuditLog.Entity(Optional.of("reset"), Optional.empty()));
  }

  @Test
  void retentionIsWholeDaysNinetyByDefaultAndABadValueIsRefusedNamingIt() {
    assertThat(AuditLog.retention(Map.of())).isEqualTo(Duration.ofDays(90));
    assertThat(AuditLog.retention(Map.of(AuditLog.RETENTION_VARIABLE, " 7 ")))
        .isEqualTo(Duration.ofDays(7));
    for (String bad : new String[] {"0", "-1", "7d", "36501"}) {
      assertThatThrownBy(() -> AuditLog.retention(Map.of(AuditLog.RETENTION_VARIABLE, bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(AuditLog.RETENTION_VARIABLE + ": " + bad)
          .hasMessageContaining("expected: whole days");
    }
  }

  @Test
  void rolesIncludeTheOnesBelowThem() {
    assertThat(Role.ADMIN.covers(Role.EDITOR)).isTrue();
    assertThat(Role.EDITOR.covers(Role.VIEWER)).isTrue();
    assertThat(Role.VIEWER.covers(Role.EDITOR)).isFalse();
    assertThat(Role.fromWire("user")).isEmpty();
    assertThat(Role.wires()).containsExactly("viewer", "editor", "admin");
  }
}
