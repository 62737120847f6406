package io.causeway.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a successful route lookup: what to proxy, where, and with which path.
 *
 * @param service empty when the route has no service; Kong answers 503 then
 * @param upstream present when the service host names an upstream (balance over its targets)
 * @param upstreamPath the path to send upstream, percent-escaped and ready for the request line
 *     (append the query string as received)
 * @param normalizedPath the request path after Kong's normalisation, which is what matched
 * @param captures regex captures when a regex path matched; {@link Captures#NONE} otherwise
 * @param forwardedPrefix what strip_path removed, for {@code X-Forwarded-Prefix}; empty when
 *     nothing was stripped or only {@code /} was (Kong's rule)
 * @param preserveHost send the client's {@code Host} upstream instead of the service's
 */
record RouteMatch(
    RouteDef route,
    Optional<ServiceDef> service,
    Optional<UpstreamDef> upstream,
    String upstreamPath,
    String normalizedPath,
    Captures captures,
    Optional<String> forwardedPrefix,
    boolean preserveHost) {

  /**
   * Regex captures of the matched path, as Kong's {@code uri_captures}.
   *
   * @param positional group 0 is the whole match, then each group in order; a group that did not
   *     take part in the match is the empty string
   * @param named named groups that took part in the match
   */
  record Captures(List<String> positional, Map<String, String> named) {
    static final Captures NONE = new Captures(List.of(), Map.of());

    Captures {
      positional = List.copyOf(positional);
      named = Map.copyOf(named);
    }

    boolean isEmpty() {
      return positional.isEmpty() && named.isEmpty();
    }
  }

  RouteMatch {
    requireNonNull(route, "route");
    requireNonNull(service, "service");
    requireNonNull(upstream, "upstream");
    requireNonNull(upstreamPath, "upstreamPath");
    requireNonNull(normalizedPath, "normalizedPath");
    requireNonNull(captures, "captures");
    requireNonNull(forwardedPrefix, "forwardedPrefix");
  }

  /**
   * The {@code Host} to send upstream: the client's when the route preserves it, else the
   * upstream's {@code host_header}, else the service host with its port unless it is the default.
   */
  String upstreamHostHeader(String clientHost) {
    if (preserveHost && !clientHost.isEmpty()) {
      return clientHost;
    }
    Optional<String> fromUpstream = upstream.flatMap(UpstreamDef::hostHeader);
    if (fromUpstream.isPresent()) {
      return fromUpstream.get();
    }
    return service.map(ServiceDef::hostHeader).orElse(clientHost);
  }

  /**
   * The status Kong answers instead of proxying when an https-only route is reached over plain http
   * (426, or the route's redirect code); empty when the request may be proxied.
   */
  Optional<Integer> httpsRedirectStatus(RequestFacts request) {
    boolean httpsOnly =
        route.protocols().contains(ServiceDef.Protocol.HTTPS)
            && !route.protocols().contains(ServiceDef.Protocol.HTTP);
    return httpsOnly && request.scheme() != ServiceDef.Protocol.HTTPS
        ? Optional.of(route.httpsRedirectStatusCode())
        : Optional.empty();
  }
}
