package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import io.causeway.gateway.ServiceDef.Protocol;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A Kong Route: which requests go to a service. Defaults are Kong's: protocols http and https,
 * strip_path true, preserve_host false, regex_priority 0, path_handling v0, https redirect 426.
 *
 * @param serviceId empty for a route without a service (Kong answers 503 for it)
 * @param paths prefixes, or regexes when they start with {@code ~}
 * @param headers lower-case header name to accepted values (any one must match)
 * @param createdIndex position in the configuration; older (smaller) wins a priority tie, as Kong's
 *     {@code created_at}
 */
record RouteDef(
    UUID id,
    Optional<String> name,
    Optional<UUID> serviceId,
    Set<Protocol> protocols,
    List<String> methods,
    List<String> hosts,
    List<String> paths,
    Map<String, List<String>> headers,
    List<String> snis,
    boolean stripPath,
    boolean preserveHost,
    int regexPriority,
    PathHandling pathHandling,
    int httpsRedirectStatusCode,
    boolean requestBuffering,
    boolean responseBuffering,
    List<String> tags,
    int createdIndex) {

  static final int DEFAULT_HTTPS_REDIRECT_STATUS = 426;
  static final Set<Integer> HTTPS_REDIRECT_STATUSES = Set.of(426, 301, 302, 307, 308);

  /** How the upstream path is built from the service path and the request path. */
  enum PathHandling {
    /** Kong's default: joins service path and remainder with a slash between them. */
    V0,
    /** Concatenates service path and remainder as they are. */
    V1;

    String wireName() {
      return this == V0 ? "v0" : "v1";
    }
  }

  RouteDef {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(serviceId, "serviceId");
    requireNonNull(pathHandling, "pathHandling");
    // EnumSet keeps iteration order stable, which the content hash relies on.
    protocols =
        protocols.isEmpty()
            ? Set.of()
            : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(protocols));
    methods = List.copyOf(methods);
    hosts = List.copyOf(hosts);
    paths = List.copyOf(paths);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(copy);
    snis = List.copyOf(snis);
    tags = List.copyOf(tags);
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("protocols: must not be empty");
    }
    if (!HTTPS_REDIRECT_STATUSES.contains(httpsRedirectStatusCode)) {
      throw new IllegalArgumentException(
          "https_redirect_status_code: "
              + httpsRedirectStatusCode
              + " (expected: one of 426, 301, 302, 307, 308)");
    }
    if (createdIndex < 0) {
      throw new IllegalArgumentException("createdIndex: " + createdIndex + " (expected: >= 0)");
    }
  }

  /** This route at another position in the configuration (a priority tie-break). */
  RouteDef withCreatedIndex(int index) {
    return index == createdIndex
        ? this
        : new RouteDef(id, name, serviceId, protocols, methods, hosts, paths, headers, snis,
            stripPath, preserveHost, regexPriority, pathHandling, httpsRedirectStatusCode,
            requestBuffering, responseBuffering, tags, index);
  }

  /** A route with Kong's defaults for every field but the matching ones; for tests. */
  static RouteDef of(
      String name,
      ServiceDef service,
      List<String> hosts,
      List<String> paths,
      List<String> methods,
      int createdIndex) {
    return new RouteDef(
        GatewayConfig.nameBasedId("routes", name),
        Optional.of(name),
        Optional.of(service.id()),
        Set.of(Protocol.HTTP, Protocol.HTTPS),
        methods,
        hosts,
        paths,
        Map.of(),
        List.of(),
        true,
        false,
        0,
        PathHandling.V0,
        DEFAULT_HTTPS_REDIRECT_STATUS,
        true,
        true,
        List.of(),
        createdIndex);
  }
}
