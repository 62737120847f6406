package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An upstream's {@code healthchecks} in Kong's shape, with Kong's defaults. Zero intervals and zero
 * counters mean "disabled", as in Kong: by default neither active probing nor the passive circuit
 * breaker is on.
 *
 * @param threshold percentage of healthy weight below which the upstream counts as unhealthy
 */
record HealthcheckDef(Active active, Passive passive, double threshold) {

  /** Probe protocol; Kong also knows grpc/grpcs, which Causeway does not serve. */
  enum CheckType {
    HTTP,
    HTTPS,
    TCP
  }

  /** Counters that mark a target healthy; {@code interval} is zero for passive checks. */
  record Healthy(Duration interval, List<Integer> httpStatuses, int successes) {
    Healthy {
      requireNonNull(interval, "interval");
      httpStatuses = List.copyOf(httpStatuses);
    }
  }

  /** Counters that mark a target unhealthy; {@code interval} is zero for passive checks. */
  record Unhealthy(
      Duration interval,
      List<Integer> httpStatuses,
      int tcpFailures,
      int timeouts,
      int httpFailures) {
    Unhealthy {
      requireNonNull(interval, "interval");
      httpStatuses = List.copyOf(httpStatuses);
    }
  }

  /** Active probing settings. */
  record Active(
      CheckType type,
      Duration timeout,
      int concurrency,
      String httpPath,
      Optional<String> httpsSni,
      boolean httpsVerifyCertificate,
      Map<String, List<String>> headers,
      Healthy healthy,
      Unhealthy unhealthy) {
    Active {
      requireNonNull(type, "type");
      requireNonNull(timeout, "timeout");
      requireNonNull(httpPath, "httpPath");
      requireNonNull(httpsSni, "httpsSni");
      requireNonNull(healthy, "healthy");
      requireNonNull(unhealthy, "unhealthy");
      Map<String, List<String>> copy = new LinkedHashMap<>();
      headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** Probing runs when either interval is positive (Kong's rule). */
    boolean isEnabled() {
      return healthy.interval().isPositive() || unhealthy.interval().isPositive();
    }
  }

  /** Passive (circuit-breaker) settings, fed by proxied traffic. */
  record Passive(CheckType type, Healthy healthy, Unhealthy unhealthy) {
    Passive {
      requireNonNull(type, "type");
      requireNonNull(healthy, "healthy");
      requireNonNull(unhealthy, "unhealthy");
    }

    boolean isEnabled() {
      return unhealthy.tcpFailures() > 0
          || unhealthy.timeouts() > 0
          || unhealthy.httpFailures() > 0;
    }
  }

  static final List<Integer> ACTIVE_HEALTHY_STATUSES = List.of(200, 302);
  static final List<Integer> ACTIVE_UNHEALTHY_STATUSES =
      List.of(429, 404, 500, 501, 502, 503, 504, 505);
  static final List<Integer> PASSIVE_HEALTHY_STATUSES =
      List.of(
          200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 306, 307,
          308);
  static final List<Integer> PASSIVE_UNHEALTHY_STATUSES = List.of(429, 500, 503);

  HealthcheckDef {
    requireNonNull(active, "active");
    requireNonNull(passive, "passive");
    if (threshold < 0 || threshold > 100) {
      throw new IllegalArgumentException("threshold: " + threshold + " (expected: 0-100)");
    }
  }

  /** Kong's defaults: everything disabled. */
  static HealthcheckDef defaults() {
    return new HealthcheckDef(
        new Active(
            CheckType.HTTP,
            Duration.ofSeconds(1),
            10,
            "/",
            Optional.empty(),
            true,
            Map.of(),
            new Healthy(Duration.ZERO, ACTIVE_HEALTHY_STATUSES, 0),
            new Unhealthy(Duration.ZERO, ACTIVE_UNHEALTHY_STATUSES, 0, 0, 0)),
        new Passive(
            CheckType.HTTP,
            new Healthy(Duration.ZERO, PASSIVE_HEALTHY_STATUSES, 0),
            new Unhealthy(Duration.ZERO, PASSIVE_UNHEALTHY_STATUSES, 0, 0, 0)),
        0);
  }
}
