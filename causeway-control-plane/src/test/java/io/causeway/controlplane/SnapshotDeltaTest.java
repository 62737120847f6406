package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnapshotDeltaTest {
  private static String document(List<String> routes, String dns) {
    return "{\"_format_version\":\"3.0\",\"services\":[],\"routes\":[" + String.join(",", routes)
        + "],\"upstreams\":[],\"targets\":[],\"_causeway\":{\"dns_forwarding\":" + dns + "}}";
  }

  private static String route(int i) {
    return "{\"id\":\"" + new UUID(0, i) + "\",\"name\":\"r-" + i + "\",\"paths\":[\"/r/" + i
        + "\"]}";
  }

  private static Snapshot snapshot(long version, String config) {
    return new Snapshot(new UUID(1, 1), version, SnapshotModel.hash(config), config);
  }

  /** What the data plane does with the message: splice, then compare the hash. */
  private static String patch(String base, String message) {
    JsonNode m = Json.read(message);
    String next = base.substring(0, m.path("start").asInt()) + m.path("text").asText()
        + base.substring(m.path("end").asInt());
    assertThat(SnapshotModel.hash(next)).isEqualTo(m.path("config_hash").asText());
    return next;
  }

  @Test
  void deltasAppliedInSequenceGiveTheWholeDocumentByteForByte() {
    List<String> routes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      routes.add(route(i));
    }
    Snapshot sent = snapshot(1, document(routes, "[]"));
    String held = sent.config();
    SplittableRandom random = new SplittableRandom(5);
    int deltas = 0;
    for (int v = 2; v < 40; v++) {
      switch (random.nextInt(4)) {
        case 0 -> routes.add(route(1000 + v));
        case 1 -> routes.remove(random.nextInt(routes.size()));
        case 2 -> routes.set(random.nextInt(routes.size()), route(5000 + v) + "\u00e9\ud83d\ude00");
        default -> { }
      }
      String dns = v % 7 == 0 ? "[{\"domain\":\"corp.example\",\"servers\":[\"10.0.0.2\"]}]"
          : "[]";
      Snapshot next = snapshot(v, document(routes, dns));
      var message = SnapshotDelta.message(sent, next);
      if (message.isPresent()) {
        assertThat(message.get()).startsWith("{\"type\":\"delta\",\"version\":" + v + ",")
            .contains("\"base_hash\":\"" + sent.configHash() + "\"");
        assertThat(message.get().length()).isLessThan(next.config().length() / 2);
        held = patch(held, message.get());
        deltas++;
      } else {
        held = next.config();
      }
      assertThat(held).isEqualTo(next.config());
      sent = next;
    }
    assertThat(deltas).isGreaterThan(30);
  }

  @Test
  void aSpliceNeverCutsASurrogatePair() {
    String base = "[\"a\ud83d\ude00b\"]";
    String next = "[\"a\ud83d\ude01b\"]";
    SnapshotDelta.Splice s = SnapshotDelta.splice(base, next).orElseThrow();

    assertThat(s.text()).isEqualTo("\ud83d\ude01");
    assertThat(s.applyTo(base)).isEqualTo(next);
  }

  @Test
  void aChangeOfMostOfTheDocumentGoesWhole() {
    assertThat(SnapshotDelta.message(snapshot(1, "{\"a\":[1,2,3,4,5,6,7,8]}"),
        snapshot(2, "{\"b\":[9,9,9,9,9,9,9,9]}"))).isEmpty();
  }

  @Test
  void anUnchangedDocumentIsAnEmptySplice() {
    String doc = document(List.of(route(1)), "[]");
    SnapshotDelta.Splice s = SnapshotDelta.splice(doc, doc).orElseThrow();

    assertThat(s.text()).isEmpty();
    assertThat(s.applyTo(doc)).isEqualTo(doc);
  }
}
