package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a data plane's time goes when it applies one snapshot of 10,000 routes, stage by stage,
 * as {@link ClusterClient} does it: hash of the document, JSON tree, declarative reader (without
 * and with the memo of the previous snapshot), router and proxy state, disk cache. Each round adds
 * one route, as an API write does. A benchmark, not a check: it runs only with {@code
 * -Dcauseway.bench=true} ({@code ./mvnw -B -o -pl causeway-gateway test -Dcauseway.bench=true
 * -Dtest=SnapshotApplyBenchmarkTest}) and prints p50/p99 per stage.
 */
@EnabledIfSystemProperty(named = "causeway.bench", matches = "true")
class SnapshotApplyBenchmarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROUTES = 10_000;
  private static final int ROUNDS = 30;

  @TempDir Path dir;

  /** A route as the control plane renders it into snapshots (Kong's full shape). */
  private static void route(StringBuilder b, UUID id, int i, String service) {
    b.append("{\"id\":\"").append(id).append("\",\"name\":\"bulk-").append(i)
        .append("\",\"protocols\":[\"http\",\"https\"],\"methods\":null,\"hosts\":null,")
        .append("\"paths\":[\"/bulk/").append(i).append("\"],\"headers\":null,\"snis\":null,")
        .append("\"sources\":null,\"destinations\":null,\"strip_path\":true,")
        .append("\"preserve_host\":false,\"regex_priority\":0,\"path_handling\":\"v0\",")
        .append("\"https_redirect_status_code\":426,\"request_buffering\":true,")
        .append("\"response_buffering\":true,\"tags\":null,\"service\":{\"id\":\"")
        .append(service).append("\"}}");
  }

  private static String snapshot(List<UUID> ids, String service) {
    StringBuilder b = new StringBuilder(ids.size() * 460);
    b.append("{\"_format_version\":\"3.0\",\"services\":[{\"id\":\"").append(service)
        .append("\",\"name\":\"s\",\"protocol\":\"http\",\"host\":\"127.0.0.1\",\"port\":9,")
        .append("\"path\":null,\"retries\":5,\"connect_timeout\":60000,\"write_timeout\":60000,")
        .append("\"read_timeout\":60000,\"enabled\":true,\"tls_verify\":null,\"tags\":null}],")
        .append("\"routes\":[");
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      route(b, ids.get(i), i, service);
    }
    return b.append("],\"upstreams\":[],\"targets\":[],\"_causeway\":{\"dns_forwarding\":[]}}")
        .toString();
  }

  @Test
  void measuresEachStageOfApplyingA10000RouteSnapshot() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    String service = new UUID(random.nextLong(), random.nextLong()).toString();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < ROUTES; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    SnapshotCache cache = new SnapshotCache(dir);
    Map<String, List<Long>> micros = new LinkedHashMap<>();
    DeclarativeConfigMemo memo = DeclarativeConfigMemo.EMPTY;
    GatewayConfig served = GatewayConfig.empty();
    for (int round = 0; round < ROUNDS; round++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
      String config = snapshot(ids, service);
      String message = "{\"type\":\"reconfigure\",\"version\":" + round
          + ",\"config_hash\":\"x\",\"config\":" + config + "}";
      long t0 = System.nanoTime();
      ClusterClient.sha256(ClusterClient.configOf(message).orElseThrow());
      long t1 = System.nanoTime();
      JsonNode tree = JSON.readTree(message).path("config");
      long t2 = System.nanoTime();
      GatewayConfig full = new DeclarativeConfigReader().read(tree);
      long t3 = System.nanoTime();
      DeclarativeConfigReader reader = new DeclarativeConfigReader(memo);
      GatewayConfig parsed = reader.read(tree);
      memo = reader.memo();
      long t4 = System.nanoTime();
      boolean changed = !parsed.sameContent(served);
      long t5 = System.nanoTime();
      ProxyState.of(parsed, true);
      long t6 = System.nanoTime();
      cache.store(message);
      long t7 = System.nanoTime();
      full.hash();
      long t8 = System.nanoTime();
      assertThat(changed).isTrue();
      served = parsed;
      if (round < 5) {
        continue; // warm-up: the JIT compiles the reader during the first rounds
      }
      add(micros, "hash of the document (SHA-256, as pings report it)", t0, t1);
      add(micros, "JSON tree of the message", t1, t2);
      add(micros, "declarative reader, whole (before)", t2, t3);
      add(micros, "declarative reader with the previous snapshot's memo (now)", t3, t4);
      add(micros, "same-content check against the served configuration", t4, t5);
      add(micros, "ProxyState.of (router build)", t5, t6);
      add(micros, "disk cache write (after the swap)", t6, t7);
      add(micros, "GatewayConfig hash (now lazy, off the apply path)", t7, t8);
    }
    System.out.printf("snapshot of %d routes, %d bytes; %d rounds after warm-up%n",
        ids.size(), snapshot(ids, service).length(), ROUNDS - 5);
    micros.forEach(SnapshotApplyBenchmarkTest::report);
  }

  private static void add(Map<String, List<Long>> micros, String stage, long from, long to) {
    micros.computeIfAbsent(stage, k -> new ArrayList<>()).add((to - from) / 1_000);
  }

  private static void report(String what, List<Long> micros) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    long p50 = sorted.get(sorted.size() / 2);
    long p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    System.out.printf("%s: p50 %.1f ms, p99 %.1f ms%n", what, p50 / 1000.0, p99 / 1000.0);
  }
}
