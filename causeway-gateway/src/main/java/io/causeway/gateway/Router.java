package io.causeway.gateway;

import io.causeway.gateway.RouteMatch.Captures;
import io.causeway.gateway.RouterCandidate.PathHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kong's request router with the semantics of its default {@code traditional_compatible} flavor
 * ({@code kong/router/transform.lua}, {@code atc.lua}). Immutable and thread-safe; build one per
 * configuration snapshot and share it between event loops.
 *
 * <p><b>Priority.</b> Each route, or each path group of a route (a route whose paths mix regexes
 * and prefixes of different lengths is split into one matcher per regex group and per prefix
 * length, as Kong does), is ranked by, in order:
 *
 * <ol>
 *   <li>the number of match fields it uses among methods, hosts, headers, snis and paths (more
 *       wins);
 *   <li>hosts all plain, without wildcards (wins over wildcard or no hosts);
 *   <li>the number of headers (more wins);
 *   <li>a regex path group (wins over prefixes);
 *   <li>{@code regex_priority}, counted for regex groups only (higher wins);
 *   <li>the prefix length of the group (longer wins);
 *   <li>the traditional router's category: uses hosts, then headers, then paths, then methods, then
 *       snis (compared as a bit mask, more significant field wins);
 *   <li>a host with a port (wins over port-less hosts);
 *   <li>creation order (older wins).
 * </ol>
 *
 * The first six are the fields of Kong's 64-bit priority, highest bits first. Kong breaks ties of
 * that priority by route UUID, which is arbitrary; we break them as Kong's traditional router does
 * (category, port-specific hosts, then {@code created_at}), which gives the outcomes Kong's own
 * router spec expects. Within one matcher the first path (in configuration order) that matches is
 * the one stripped and captured.
 *
 * <p><b>Lookup.</b> Candidates come from {@link RouterIndex}: the request host picks buckets (its
 * exact name, and for wildcard routes each of its suffixes starting at a dot and prefixes ending at
 * one), and within a bucket prefix paths are found by comparing the path with the bucket's few
 * prefixes, or by hashing its start once per distinct prefix length. Every route that could match
 * is offered in rank order while it could still beat the best so far, and the lowest-ranked one
 * that matches wins, so the result equals a linear scan. The work grows with the host's dots and
 * the distinct prefix lengths, not with the route count; for exact hosts and prefix paths a lookup
 * allocates its probe and the match, nothing else.
 */
final class Router {

  /** Kong's body for a request no route matched (status 404). */
  static final String NO_ROUTE_MATCHED_BODY =
      "{\"message\":\"no Route matched with those values\"}";

  /** Kong's body for a matched route without a service (status 503). */
  static final String NO_SERVICE_BODY = "{\"message\":\"no Service found with those values\"}";

  /** Ranks matchers; see the class comment. */
  private static final Comparator<RouterCandidate> PRIORITY =
      Comparator.<RouterCandidate>comparingInt(c -> -c.matchWeight)
          .thenComparingInt(c -> c.plainHostsOnly ? 0 : 1)
          .thenComparingInt(c -> -c.headerCount())
          .thenComparingInt(c -> c.isRegexGroup() ? 0 : 1)
          .thenComparingLong(c -> c.isRegexGroup() ? -(long) c.route.regexPriority() : 0L)
          .thenComparingInt(c -> -c.prefixLength())
          .thenComparingInt(c -> -c.category())
          .thenComparingInt(c -> c.hasPortSpecificHost() ? 0 : 1)
          .thenComparingInt(c -> c.route.createdIndex())
          .thenComparingInt(c -> c.group);

  private final GatewayConfig config;
  private final RouterCandidate[] ranked;
  private final RouterIndex index;

  private Router(GatewayConfig config, List<RouterCandidate> candidates) {
    this.config = config;
    this.ranked = candidates.toArray(RouterCandidate[]::new);
    this.index = RouterIndex.build(ranked);
  }

  /** Compiles every route of the configuration; routes of disabled services are left out. */
  static Router build(GatewayConfig config) {
    List<RouterCandidate> candidates = new ArrayList<>();
    for (RouteDef route : config.routes()) {
      Optional<ServiceDef> service = route.serviceId().flatMap(config::service);
      if (service.isPresent() && !service.get().enabled()) {
        continue;
      }
      Optional<UpstreamDef> upstream = service.flatMap(s -> config.upstream(s.host()));
      List<List<String>> groups = groupPaths(route.paths());
      for (int g = 0; g < groups.size(); g++) {
        candidates.add(new RouterCandidate(route, service, upstream, g, groups.get(g)));
      }
    }
    candidates.sort(PRIORITY);
    return new Router(config, candidates);
  }

  /**
   * Kong's {@code group_by_regex_or_length}: all regexes form one group, prefixes one group per
   * length, groups in order of first appearance; a route without paths is one empty group.
   */
  static List<List<String>> groupPaths(List<String> paths) {
    if (paths.isEmpty()) {
      return List.of(List.of());
    }
    Map<Integer, List<String>> groups = new java.util.LinkedHashMap<>();
    for (String p : paths) {
      int key = p.startsWith("~") ? -1 : RouterPath.configuredToByteView(p).length();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
    }
    return List.copyOf(groups.values());
  }

  /** Finds the route for a request; empty means Kong's 404 "no Route matched". */
  Optional<RouteMatch> match(RequestFacts request) {
    RouterProbe probe = RouterProbe.of(request, ranked);
    index.search(probe);
    return probe.found() ? Optional.of(toMatch(probe)) : Optional.empty();
  }

  /** The same lookup without the index, trying every matcher in rank order; for tests. */
  Optional<RouteMatch> matchLinearly(RequestFacts request) {
    RouterProbe probe = RouterProbe.of(request, ranked);
    for (int rank = 0; rank < ranked.length && !probe.found(); rank++) {
      probe.offer(rank, false);
    }
    return probe.found() ? Optional.of(toMatch(probe)) : Optional.empty();
  }

  /** How many candidates the index offers a request when nothing matches: its work, for tests. */
  int candidateCount(RequestFacts request) {
    RouterProbe probe = RouterProbe.counting(request, ranked);
    index.search(probe);
    return probe.visitedCount();
  }

  GatewayConfig config() {
    return config;
  }

  private RouteMatch toMatch(RouterProbe probe) {
    RouterCandidate c = ranked[probe.best()];
    String path = probe.path();
    Optional<PathHit> regexHit = probe.regexHit();
    Captures captures = regexHit.map(PathHit::captures).orElse(Captures.NONE);
    String stripped = "/";
    if (c.stripPath) {
      if (regexHit.isPresent()) {
        stripped = regexHit.get().matchedPath().orElse("/");
      } else if (!c.prefixes.isEmpty()) {
        // A group's prefixes share one length, so the one that matched is the path's start.
        stripped = path.substring(0, c.prefixLength());
      }
    }
    // Without stripping, a service path of "/" joins to the request path itself (v0 and v1 alike:
    // "/" + path.substring(1)); the common case, spared the concatenation.
    String upstreamPath =
        !c.stripPath && c.servicePathView.equals("/") && path.startsWith("/")
            ? path
            : PathJoin.upstreamPath(c.pathHandling, c.stripPath, c.servicePathView, path, stripped);
    String escapedPath = RouterPath.escape(path);
    Optional<String> forwardedPrefix =
        stripped.equals("/") ? Optional.empty() : Optional.of(RouterPath.escape(stripped));
    return new RouteMatch(
        c.route,
        c.service,
        c.upstream,
        upstreamPath == path ? escapedPath : RouterPath.escape(upstreamPath),
        escapedPath,
        captures,
        forwardedPrefix,
        c.preserveHost);
  }
}
