package io.causeway.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The data plane's Prometheus metrics: requests by status, route and service with their total
 * latency, and the upstream's share. Meters are cached per label set so the hot path does one map
 * lookup, not a builder.
 */
final class GatewayMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Labels, Timer> requests = new ConcurrentHashMap<>();
  private final Map<Labels, Timer> upstream = new ConcurrentHashMap<>();
  private final Counter accessLogDropped;

  private record Labels(int status, String route, String service) {}

  GatewayMetrics() {
    accessLogDropped =
        Counter.builder("causeway_access_log_dropped").description("access log lines dropped").register(registry);
  }

  void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
  }

  void request(int status, String route, String service, long totalNanos, long upstreamNanos) {
    Labels labels = new Labels(status, route, service);
    requests
        .computeIfAbsent(
            labels,
            l ->
                Timer.builder("causeway_http_requests")
                    .description("proxied requests and their total latency")
                    .tag("status", Integer.toString(l.status()))
                    .tag("route", l.route())
                    .tag("service", l.service())
                    .register(registry))
        .record(totalNanos, TimeUnit.NANOSECONDS);
    if (upstreamNanos >= 0) {
      upstream
          .computeIfAbsent(
              labels,
              l ->
                  Timer.builder("causeway_upstream_latency")
                      .description("time from the request's start to the upstream's response head")
                      .tag("route", l.route())
                      .tag("service", l.service())
                      .tag("status", Integer.toString(l.status()))
                      .register(registry))
          .record(upstreamNanos, TimeUnit.NANOSECONDS);
    }
  }

  void accessLogDropped() {
    accessLogDropped.increment();
  }

  String scrape() {
    return registry.scrape();
  }
}
