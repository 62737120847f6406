package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotPatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<String> mismatches = new ArrayList<>();

  private static String document(String routes) {
    return "{\"_format_version\":\"3.0\",\"services\":[],\"routes\":[" + routes
        + "],\"upstreams\":[],\"targets\":[],\"_causeway\":{\"dns_forwarding\":[]}}";
  }

  /** A delta as the control plane writes it (SnapshotDelta): one splice of the base. */
  private static JsonNode delta(String base, String next, int start, int end, String text) {
    ObjectNode d = JSON.createObjectNode().put("type", "delta").put("version", 2)
        .put("base_version", 1).put("base_hash", ClusterClient.sha256(base))
        .put("config_hash", ClusterClient.sha256(next)).put("start", start).put("end", end);
    return d.put("text", text);
  }

  private Optional<SnapshotPatch.Patched> apply(String base, JsonNode delta) {
    return SnapshotPatch.apply(base, ClusterClient.sha256(base), delta, mismatches::add);
  }

  @Test
  void deltasAppliedInSequenceGiveTheWholeDocumentByteForByte() {
    String v1 = document("{\"name\":\"a\"}");
    String v2 = document("{\"name\":\"a\"},{\"name\":\"b\u00e9\"}");
    String v3 = document("{\"name\":\"b\u00e9\"}");
    int at = v1.indexOf("}]") + 1;
    String held = apply(v1, delta(v1, v2, at, at, ",{\"name\":\"b\u00e9\"}")).orElseThrow()
        .document();
    int from = held.indexOf("{\"name\":\"a\"},");
    SnapshotPatch.Patched third = apply(held, delta(held, v3, from,
        from + "{\"name\":\"a\"},".length(), "")).orElseThrow();

    assertThat(third.document()).isEqualTo(v3);
    assertThat(third.hash()).isEqualTo(ClusterClient.sha256(v3));
    assertThat(mismatches).isEmpty();
  }

  @Test
  void aDeltaFromAnotherDocumentThanTheOneServedIsAGap() {
    String v1 = document("");
    String v2 = document("{\"name\":\"a\"}");
    String v3 = document("{\"name\":\"a\"},{\"name\":\"b\"}");
    // The node missed v2 (say it refused it): a delta from v2 must not be applied to v1.
    int at = v2.indexOf("}]") + 1;

    assertThat(apply(v1, delta(v2, v3, at, at, ",{\"name\":\"b\"}"))).isEmpty();
    assertThat(mismatches).singleElement().asString().startsWith("delta from");
  }

  @Test
  void aPatchedDocumentWithAnotherHashThanAnnouncedIsRefused() {
    String v1 = document("");
    String v2 = document("{\"name\":\"a\"}");
    int at = v1.indexOf("[]", v1.indexOf("routes")) + 1;

    assertThat(apply(v1, delta(v1, v2, at, at, "{\"name\":\"A\"}"))).isEmpty();
    assertThat(mismatches).singleElement().asString().contains("hashes to");
  }

  @Test
  void aSpliceOutsideTheDocumentOrWithoutADocumentIsRefused() {
    String v1 = document("");

    assertThat(apply(v1, delta(v1, v1, 5, v1.length() + 1, ""))).isEmpty();
    assertThat(SnapshotPatch.apply(null, "", delta(v1, v1, 0, 0, ""), mismatches::add))
        .isEmpty();
    assertThat(mismatches).hasSize(2);
  }
}
