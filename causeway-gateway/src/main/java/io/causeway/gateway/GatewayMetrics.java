package io.causeway.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The data plane's Prometheus metrics, with a cardinality bounded by the configuration rather than
 * by traffic:
 *
 * <ul>
 *   <li>{@code causeway_http_requests_total{route,service,status_class}}: one counter per route and
 *       status class ({@code 1xx}..{@code 5xx}), created on first use;
 *   <li>{@code causeway_http_responses_total{service,status}}: exact status codes per service;
 *   <li>{@code causeway_http_request_duration_seconds{service}} and {@code
 *       causeway_upstream_latency_seconds{service}}: fixed-bucket histograms per service, not per
 *       route (Kong's Prometheus plugin also keeps latency per service by default).
 * </ul>
 *
 * <p>Why not a Micrometer timer per label set: at 10,000 routes that was 20,000 timers, each a
 * cold object with its own ring of histograms, and the per-request map lookup with a fresh key
 * plus the timer's bookkeeping took 8 % of the event loop (JFR). Here a configuration snapshot is
 * turned once into an array indexed by the route's position ({@link RouteDef#createdIndex()}), so
 * a request costs an array read and a few {@link LongAdder} increments (which stay cheap when
 * several event loops count the same route). Counters are keyed by label values, so they survive a
 * reload that keeps the route's name. Gauges and the access-log counter stay on Micrometer.
 *
 * <p>Thread-safe: {@link #request} runs on any event loop; {@link #scrape} on the status loop.
 */
final class GatewayMetrics {

  /** Histogram upper bounds in seconds (Prometheus {@code le}), then +Inf. */
  private static final double[] BOUNDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private static final long[] BOUND_NANOS = new long[BOUNDS.length];

  static {
    for (int i = 0; i < BOUNDS.length; i++) {
      BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
    }
  }

  private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter accessLogDropped;
  private final Map<String, RouteStats> routes = new ConcurrentHashMap<>();
  private final Map<String, ServiceStats> services = new ConcurrentHashMap<>();
  private final RouteStats unrouted;
  private volatile Table table;

  /**
   * The snapshot before the current one: requests still in flight across a reload finish against
   * it without a lookup by name.
   */
  private volatile Table previous;

  GatewayMetrics() {
    accessLogDropped =
        Counter.builder("causeway_access_log_dropped").description("access log lines dropped").register(registry);
    unrouted = routeStats("", "");
    table = new Table(null, new RouteStats[0], Map.of());
    previous = table;
  }

  void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /**
   * The counters of a route as {@code config} defines it; what the hot path keeps for the
   * request. Only reads: the index is built once per applied snapshot ({@link #index}); a request
   * that finishes on an older snapshot (a long download across two reloads) finds its counters by
   * name instead of rebuilding an index on the event loop.
   */
  RouteStats route(GatewayConfig config, RouteDef route) {
    Table t = table;
    if (t.config != config) {
      t = previous;
      if (t.config != config) {
        return routeStats(label(route), serviceLabel(config, route));
      }
    }
    int i = route.createdIndex();
    RouteStats s = i < t.byIndex.length ? t.byIndex[i] : null;
    if (s != null && s.route == route) {
      return s;
    }
    // A route not at its index in this snapshot (hand-built configurations in tests).
    RouteStats found = t.byIdentity.get(route);
    return found != null ? found : routeStats(label(route), serviceLabel(config, route));
  }

  /** The counters for a request that matched no route (or failed before routing). */
  RouteStats unrouted() {
    return unrouted;
  }

  /**
   * Indexes the counters of the snapshot about to be served and forgets those of snapshots older
   * than the one it replaces. Called once per applied snapshot, by the one thread that swaps
   * snapshots in ({@code DataPlane.apply}, under its lock); synchronized so that tests and a
   * racing caller cannot interleave the two table writes.
   */
  synchronized void index(GatewayConfig config) {
    if (table.config == config) {
      return;
    }
    List<RouteDef> list = config.routes();
    int max = -1;
    for (RouteDef r : list) {
      max = Math.max(max, r.createdIndex());
    }
    RouteStats[] byIndex = new RouteStats[max + 1];
    IdentityHashMap<RouteDef, RouteStats> byIdentity = new IdentityHashMap<>();
    for (RouteDef r : list) {
      RouteStats s = routeStats(label(r), serviceLabel(config, r)).boundTo(r);
      if (byIndex[r.createdIndex()] == null) {
        byIndex[r.createdIndex()] = s;
      }
      byIdentity.put(r, s);
    }
    Table t = new Table(config, byIndex, byIdentity);
    Table before = table;
    previous = before;
    table = t;
    forgetRemoved(t, before);
  }

  /**
   * Drops the counters of routes and services in neither the new snapshot nor the one before
   * it. Without this, every route name ever configured kept its series for the process's life
   * (found by bench/soak.sh: one entry per route name per reload). A deleted route's series
   * vanishing from /metrics is what Prometheus expects; requests still in flight on an older
   * snapshot count into detached counters.
   */
  private void forgetRemoved(Table current, Table before) {
    Set<String> liveRoutes = new HashSet<>();
    Set<String> liveServices = new HashSet<>();
    for (Table t : List.of(current, before)) {
      for (RouteStats r : t.byIdentity.values()) {
        liveRoutes.add(r.name + '\n' + r.service.name);
        liveServices.add(r.service.name);
      }
    }
    liveRoutes.add(unrouted.name + '\n' + unrouted.service.name);
    liveServices.add(unrouted.service.name);
    routes.keySet().retainAll(liveRoutes);
    services.keySet().retainAll(liveServices);
  }

  private RouteStats routeStats(String route, String service) {
    ServiceStats svc = services.computeIfAbsent(service, ServiceStats::new);
    return routes.computeIfAbsent(route + '\n' + service, k -> new RouteStats(route, svc, null));
  }

  private static String serviceLabel(GatewayConfig config, RouteDef route) {
    return route.serviceId().flatMap(config::service).map(GatewayMetrics::label).orElse("");
  }

  static String label(RouteDef route) {
    return route.name().orElse(route.id().toString());
  }

  static String label(ServiceDef service) {
    return service.name().orElse(service.id().toString());
  }

  /**
   * Counts one finished request.
   *
   * @param totalNanos from the request head to the end of the response
   * @param upstreamNanos from the request head to the upstream's response head; negative when no
   *     upstream answered
   */
  void request(RouteStats stats, int status, long totalNanos, long upstreamNanos) {
    int cls = status / 100 - 1;
    if (cls >= 0 && cls < CLASSES.length) {
      stats.count(cls);
    }
    ServiceStats svc = stats.service;
    svc.status(status);
    svc.total.record(totalNanos);
    if (upstreamNanos >= 0) {
      svc.upstream.record(upstreamNanos);
    }
  }

  void accessLogDropped() {
    accessLogDropped.increment();
  }

  String scrape() {
    StringBuilder out = new StringBuilder(registry.scrape());
    List<RouteStats> rs = new ArrayList<>(routes.values());
    rs.sort(Comparator.comparing((RouteStats r) -> r.name).thenComparing(r -> r.service.name));
    out.append("# HELP causeway_http_requests_total proxied requests by route, service and status class\n")
        .append("# TYPE causeway_http_requests_total counter\n");
    for (RouteStats r : rs) {
      for (int c = 0; c < CLASSES.length; c++) {
        LongAdder a = r.byClass.get(c);
        if (a != null) {
          out.append("causeway_http_requests_total{route=\"").append(escape(r.name))
              .append("\",service=\"").append(escape(r.service.name))
              .append("\",status_class=\"").append(CLASSES[c]).append("\"} ").append(a.sum()).append('\n');
        }
      }
    }
    List<ServiceStats> ss = new ArrayList<>(services.values());
    ss.sort(Comparator.comparing(s -> s.name));
    out.append("# HELP causeway_http_responses_total responses by service and status code\n")
        .append("# TYPE causeway_http_responses_total counter\n");
    for (ServiceStats s : ss) {
      for (int code = 0; code < s.byStatus.length(); code++) {
        LongAdder a = s.byStatus.get(code);
        if (a != null) {
          out.append("causeway_http_responses_total{service=\"").append(escape(s.name))
              .append("\",status=\"").append(code).append("\"} ").append(a.sum()).append('\n');
        }
      }
    }
    histogram(out, ss, "causeway_http_request_duration_seconds",
        "time from the request head to the end of the response, by service", true);
    histogram(out, ss, "causeway_upstream_latency_seconds",
        "time from the request head to the upstream's response head, by service", false);
    return out.toString();
  }

  private static void histogram(StringBuilder out, List<ServiceStats> ss, String name, String help, boolean total) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" histogram\n");
    for (ServiceStats s : ss) {
      Histogram h = total ? s.total : s.upstream;
      long[] counts = h.snapshot();
      long count = 0;
      for (long c : counts) {
        count += c;
      }
      if (count == 0) {
        continue;
      }
      String svc = escape(s.name);
      long cumulative = 0;
      for (int i = 0; i < counts.length; i++) {
        cumulative += counts[i];
        String le = i < BOUNDS.length ? Double.toString(BOUNDS[i]) : "+Inf";
        out.append(name).append("_bucket{service=\"").append(svc).append("\",le=\"").append(le).append("\"} ")
            .append(cumulative).append('\n');
      }
      out.append(name).append("_sum{service=\"").append(svc).append("\"} ").append(h.sumNanos.sum() / 1e9).append('\n');
      // The count is the buckets' total, so _count always equals the +Inf bucket.
      out.append(name).append("_count{service=\"").append(svc).append("\"} ").append(cumulative).append('\n');
    }
  }

  /** Prometheus text format label escaping: backslash, double quote and line feed. */
  static String escape(String v) {
    if (v.indexOf('\\') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
      return v;
    }
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** One snapshot's index from route position to counters. */
  private record Table(GatewayConfig config, RouteStats[] byIndex, Map<RouteDef, RouteStats> byIdentity) {}

  /**
   * A route's request counters by status class, created on first use. The same counters serve
   * every snapshot in which the route keeps its name and service; {@code route} only tags which
   * definition an index entry was built for.
   */
  static final class RouteStats {
    final String name;
    final ServiceStats service;
    private final RouteDef route;
    private final AtomicReferenceArray<LongAdder> byClass;

    private RouteStats(String name, ServiceStats service, RouteDef route) {
      this(name, service, route, new AtomicReferenceArray<>(CLASSES.length));
    }

    private RouteStats(String name, ServiceStats service, RouteDef route, AtomicReferenceArray<LongAdder> byClass) {
      this.name = name;
      this.service = service;
      this.route = route;
      this.byClass = byClass;
    }

    /** A view sharing these counters, tagged with the definition it was indexed for. */
    RouteStats boundTo(RouteDef r) {
      return new RouteStats(name, service, r, byClass);
    }

    private void count(int cls) {
      LongAdder a = byClass.get(cls);
      if (a == null) {
        byClass.compareAndSet(cls, null, new LongAdder());
        a = byClass.get(cls);
      }
      a.increment();
    }
  }

  /** A service's counters by exact status and its two latency histograms. */
  static final class ServiceStats {
    final String name;
    private final AtomicReferenceArray<LongAdder> byStatus = new AtomicReferenceArray<>(600);
    private final Histogram total = new Histogram();
    private final Histogram upstream = new Histogram();

    ServiceStats(String name) {
      this.name = name;
    }

    private void status(int code) {
      if (code < 0 || code >= byStatus.length()) {
        return;
      }
      LongAdder a = byStatus.get(code);
      if (a == null) {
        byStatus.compareAndSet(code, null, new LongAdder());
        a = byStatus.get(code);
      }
      a.increment();
    }
  }

  /** Fixed buckets; counts are per bucket (not cumulative) so recording touches one adder. */
  private static final class Histogram {
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(long nanos) {
      int i = 0;
      while (i < BOUND_NANOS.length && nanos > BOUND_NANOS[i]) {
        i++;
      }
      buckets[i].increment();
      sumNanos.add(nanos);
    }

    long[] snapshot() {
      long[] counts = new long[buckets.length];
      for (int i = 0; i < buckets.length; i++) {
        counts[i] = buckets[i].sum();
      }
      return counts;
    }
  }
}
