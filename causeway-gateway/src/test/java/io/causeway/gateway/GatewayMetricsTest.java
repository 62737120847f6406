package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.gateway.ServiceDef.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*)})? (\\S+)");

  private static ServiceDef service(String name) {
    return ServiceDef.of(name, Protocol.HTTP, name + ".internal", 80, Optional.empty());
  }

  private static GatewayConfig config(ServiceDef s, int routes) {
    List<RouteDef> list = new ArrayList<>();
    for (int i = 0; i < routes; i++) {
      list.add(RouteDef.of("r" + i, s, List.of("h" + i + ".test"), List.of("/r" + i), List.of(), i));
    }
    return GatewayConfig.of(List.of(s), list, List.of(), List.of());
  }

  @Test
  void countsRequestsPerRouteAndStatusClassAndLatencyPerService() {
    GatewayMetrics metrics = new GatewayMetrics();
    GatewayConfig config = config(service("orders"), 3);
    metrics.index(config);
    RouteDef r1 = config.routes().get(1);

    metrics.request(metrics.route(config, r1), 200, 2_000_000, 1_000_000);
    metrics.request(metrics.route(config, r1), 204, 30_000_000, 20_000_000);
    metrics.request(metrics.route(config, r1), 502, 4_000_000, -1);
    metrics.request(metrics.unrouted(), 404, 100_000, -1);

    String text = metrics.scrape();
    assertThat(text)
        .contains("causeway_http_requests_total{route=\"r1\",service=\"orders\",status_class=\"2xx\"} 2\n")
        .contains("causeway_http_requests_total{route=\"r1\",service=\"orders\",status_class=\"5xx\"} 1\n")
        .contains("causeway_http_requests_total{route=\"\",service=\"\",status_class=\"4xx\"} 1\n")
        .contains("causeway_http_responses_total{service=\"orders\",status=\"204\"} 1\n")
        .contains("causeway_http_responses_total{service=\"orders\",status=\"502\"} 1\n")
        .contains("causeway_http_request_duration_seconds_bucket{service=\"orders\",le=\"0.0025\"} 1\n")
        .contains("causeway_http_request_duration_seconds_bucket{service=\"orders\",le=\"0.005\"} 2\n")
        .contains("causeway_http_request_duration_seconds_bucket{service=\"orders\",le=\"+Inf\"} 3\n")
        .contains("causeway_http_request_duration_seconds_count{service=\"orders\"} 3\n")
        .contains("causeway_http_request_duration_seconds_sum{service=\"orders\"} 0.036\n")
        .contains("causeway_upstream_latency_seconds_count{service=\"orders\"} 2\n")
        .doesNotContain("route=\"r0\"")
        .doesNotContain("route=\"r2\"");
    assertValidPrometheusText(text);
  }

  @Test
  void forgetsTheCountersOfRoutesNoLongerConfiguredSoReloadsDoNotGrowMemory() {
    GatewayMetrics metrics = new GatewayMetrics();
    ServiceDef s = service("churn");
    for (int generation = 0; generation < 50; generation++) {
      List<RouteDef> list = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        list.add(RouteDef.of("g" + generation + "-r" + i, s, List.of("h" + i + ".test"),
            List.of("/r" + i), List.of(), i));
      }
      GatewayConfig config = GatewayConfig.of(List.of(s), list, List.of(), List.of());
      metrics.index(config);
      for (RouteDef r : config.routes()) {
        metrics.request(metrics.route(config, r), 200, 1_000, 500);
      }
    }

    String text = metrics.scrape();
    // The current snapshot and the one before it (requests may still finish on it).
    assertThat(text.lines().filter(l -> l.startsWith("causeway_http_requests_total{route=\"g"))
        .count()).isEqualTo(40);
    assertThat(text).contains("route=\"g49-r0\"").contains("route=\"g48-r19\"")
        .doesNotContain("route=\"g47-r0\"");
    assertValidPrometheusText(text);
  }

  @Test
  void keepsOneSeriesPerRequestedRouteAndClassWhateverTheTableSize() {
    GatewayMetrics metrics = new GatewayMetrics();
    GatewayConfig config = config(service("big"), 10_000);
    metrics.index(config);
    for (int i = 0; i < 10_000; i += 100) {
      metrics.request(metrics.route(config, config.routes().get(i)), 200, 1_000, 500);
      metrics.request(metrics.route(config, config.routes().get(i)), 201, 1_000, 500);
    }

    String text = metrics.scrape();
    long routeSeries = text.lines().filter(l -> l.startsWith("causeway_http_requests_total{")).count();
    assertThat(routeSeries).isEqualTo(100);
    assertThat(text.lines().filter(l -> l.startsWith("causeway_http_request_duration_seconds_bucket")).count())
        .isEqualTo(17);
    assertValidPrometheusText(text);
  }

  @Test
  void findsTheRouteTheRouterMatchedWithoutALookupByName() {
    GatewayMetrics metrics = new GatewayMetrics();
    GatewayConfig config = config(service("s"), 50);
    metrics.index(config);
    Router router = Router.build(config);
    RouteMatch match = router.match(RouterFixture.get("h7.test", "/r7/x")).orElseThrow();

    assertThat(metrics.route(config, match.route())).isSameAs(metrics.route(config, config.routes().get(7)));
    assertThat(metrics.route(config, match.route()).name).isEqualTo("r7");
    assertThat(metrics.route(config, match.route()).service.name).isEqualTo("s");
  }

  @Test
  void keepsCountingARouteAcrossAReloadThatKeepsItsName() {
    GatewayMetrics metrics = new GatewayMetrics();
    ServiceDef s = service("s");
    GatewayConfig first = config(s, 2);
    metrics.index(first);
    metrics.request(metrics.route(first, first.routes().get(0)), 200, 1_000, 500);
    GatewayConfig second =
        GatewayConfig.of(
            List.of(s),
            List.of(
                RouteDef.of("new", s, List.of("n.test"), List.of("/"), List.of(), 0),
                RouteDef.of("r0", s, List.of("h0.test"), List.of("/r0"), List.of(), 1)),
            List.of(),
            List.of());
    metrics.index(second);
    metrics.request(metrics.route(second, second.routes().get(1)), 200, 1_000, 500);
    // A request that started before the reload finishes against the first snapshot.
    metrics.request(metrics.route(first, first.routes().get(1)), 500, 1_000, 500);
    metrics.request(metrics.route(second, second.routes().get(0)), 200, 1_000, 500);

    assertThat(metrics.scrape())
        .contains("causeway_http_requests_total{route=\"r0\",service=\"s\",status_class=\"2xx\"} 2\n")
        .contains("causeway_http_requests_total{route=\"r1\",service=\"s\",status_class=\"5xx\"} 1\n")
        .contains("causeway_http_requests_total{route=\"new\",service=\"s\",status_class=\"2xx\"} 1\n");
  }

  @Test
  void aRequestFinishingOnAnOlderSnapshotCountsWithoutReindexing() {
    GatewayMetrics metrics = new GatewayMetrics();
    ServiceDef s = service("s");
    GatewayConfig oldest = config(s, 3);
    GatewayConfig middle = config(s, 3);
    GatewayConfig newest = config(s, 3);
    metrics.index(oldest);
    metrics.index(middle);
    metrics.index(newest);
    GatewayMetrics.RouteStats indexed = metrics.route(newest, newest.routes().get(2));

    // A long download routed two reloads ago finishes now.
    metrics.request(metrics.route(oldest, oldest.routes().get(2)), 200, 1_000, 500);

    // The newest snapshot's index was not replaced by one of the oldest.
    assertThat(metrics.route(newest, newest.routes().get(2))).isSameAs(indexed);
    metrics.request(indexed, 200, 1_000, 500);
    assertThat(metrics.scrape())
        .contains("causeway_http_requests_total{route=\"r2\",service=\"s\",status_class=\"2xx\"} 2\n");
  }

  @Test
  void escapesLabelValuesAsTheTextFormatRequires() {
    assertThat(GatewayMetrics.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    assertThat(GatewayMetrics.escape("plain")).isEqualTo("plain");
  }

  /** Every sample parses, each family is typed once before its samples, no series repeats. */
  private static void assertValidPrometheusText(String text) {
    Map<String, String> types = new HashMap<>();
    Set<String> series = new HashSet<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("# HELP ")) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        assertThat(types.put(parts[2], parts[3])).as("TYPE repeated for %s", parts[2]).isNull();
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("sample line %s", line).isTrue();
      String name = m.group(1);
      String family = name.replaceAll("_(bucket|sum|count)$", "");
      assertThat(types.containsKey(name) || types.containsKey(family)).as("typed: %s", line).isTrue();
      assertThat(series.add(name + "{" + m.group(3) + "}")).as("duplicate series %s", line).isTrue();
      Double.parseDouble(m.group(4).replace("+Inf", "Infinity"));
    }
  }
}
