package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A Kong Upstream: a named, balanced set of targets. A service whose host equals the upstream's
 * name is balanced over its targets instead of being resolved through DNS.
 *
 * @param hashOnCookiePath Kong's default is {@code /}
 * @param slots Kong's default is 10000 (10-65536)
 * @param hostHeader the {@code Host} sent upstream when the route does not preserve it
 */
record UpstreamDef(
    UUID id,
    String name,
    Algorithm algorithm,
    HashOn hashOn,
    HashOn hashFallback,
    Optional<String> hashOnHeader,
    Optional<String> hashFallbackHeader,
    Optional<String> hashOnCookie,
    String hashOnCookiePath,
    int slots,
    Optional<String> hostHeader,
    HealthcheckDef healthchecks,
    List<TargetDef> targets,
    List<String> tags) {

  static final int DEFAULT_SLOTS = 10_000;

  /** Balancing algorithms Causeway implements (Kong's {@code latency} is not one of them). */
  enum Algorithm {
    ROUND_ROBIN("round-robin"),
    CONSISTENT_HASHING("consistent-hashing"),
    LEAST_CONNECTIONS("least-connections");

    private final String wireName;

    Algorithm(String wireName) {
      this.wireName = wireName;
    }

    String wireName() {
      return wireName;
    }
  }

  /** What consistent hashing hashes on (Kong also has consumer, path, query_arg, uri_capture). */
  enum HashOn {
    NONE("none"),
    IP("ip"),
    HEADER("header"),
    COOKIE("cookie");

    private final String wireName;

    HashOn(String wireName) {
      this.wireName = wireName;
    }

    String wireName() {
      return wireName;
    }
  }

  UpstreamDef {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(algorithm, "algorithm");
    requireNonNull(hashOn, "hashOn");
    requireNonNull(hashFallback, "hashFallback");
    requireNonNull(hashOnHeader, "hashOnHeader");
    requireNonNull(hashFallbackHeader, "hashFallbackHeader");
    requireNonNull(hashOnCookie, "hashOnCookie");
    requireNonNull(hashOnCookiePath, "hashOnCookiePath");
    requireNonNull(hostHeader, "hostHeader");
    requireNonNull(healthchecks, "healthchecks");
    if (slots < 10 || slots > 65536) {
      throw new IllegalArgumentException("slots: " + slots + " (expected: 10-65536)");
    }
    if (hashOn == HashOn.HEADER && hashOnHeader.isEmpty()) {
      throw new IllegalArgumentException("hash_on_header: required when hash_on is header");
    }
    if (hashOn == HashOn.COOKIE && hashOnCookie.isEmpty()) {
      throw new IllegalArgumentException("hash_on_cookie: required when hash_on is cookie");
    }
    targets = List.copyOf(targets);
    tags = List.copyOf(tags);
  }

  /** This upstream with other targets. */
  UpstreamDef withTargets(List<TargetDef> newTargets) {
    return new UpstreamDef(
        id,
        name,
        algorithm,
        hashOn,
        hashFallback,
        hashOnHeader,
        hashFallbackHeader,
        hashOnCookie,
        hashOnCookiePath,
        slots,
        hostHeader,
        healthchecks,
        newTargets,
        tags);
  }

  /** A round-robin upstream with Kong's defaults; for tests and programmatic configs. */
  static UpstreamDef of(String name, List<TargetDef> targets) {
    return new UpstreamDef(
        GatewayConfig.nameBasedId("upstreams", name),
        name,
        Algorithm.ROUND_ROBIN,
        HashOn.NONE,
        HashOn.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "/",
        DEFAULT_SLOTS,
        Optional.empty(),
        HealthcheckDef.defaults(),
        targets,
        List.of());
  }
}
