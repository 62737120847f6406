package io.causeway.gateway;

import io.causeway.gateway.RouterCandidate.PathHit;
import io.causeway.gateway.RouterCandidate.Probe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 * <p><b>Lookup.</b> Candidates come from an index: the request host picks buckets (its exact name,
 * and for wildcard routes each of its suffixes starting at a dot and prefixes ending at one), and
 * within a bucket prefix paths are found by hashing the request path's slice for each distinct
 * prefix length. Routes without hosts sit in one more bucket with the same path index; regex and
 * path-less routes are listed per bucket. Every route that could match is a candidate, and
 * candidates are tried in global priority order, so the result equals a linear scan; the work grows
 * with the host's dots and the distinct prefix lengths, not with the route count.
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

  /** Buckets keyed by host rule: {@code =name}, {@code *.suffix} or {@code prefix.*}. */
  private final Map<String, Bucket> byHostKey;

  /** Routes without hosts (or with a wildcard the keys cannot express). */
  private final Bucket otherHosts;

  /**
   * Whether any {@code *.suffix} / {@code prefix.*} key exists. Most tables use exact hosts only;
   * then a request needs one map probe instead of one per dot of its host on each side, each of
   * which builds a key string (measured: the probes were half the lookup's cost at 10,000 routes).
   */
  private final boolean suffixKeys;

  private final boolean prefixKeys;

  private Router(GatewayConfig config, List<RouterCandidate> candidates) {
    this.config = config;
    this.ranked = candidates.toArray(RouterCandidate[]::new);
    Map<String, List<Integer>> byKey = new HashMap<>();
    List<Integer> others = new ArrayList<>();
    for (int rank = 0; rank < ranked.length; rank++) {
      RouterCandidate c = ranked[rank];
      Set<String> keys = new HashSet<>();
      boolean needsOther = c.hosts.isEmpty();
      for (RouterCandidate.HostRule h : c.hosts) {
        Optional<String> key = hostKey(h);
        key.ifPresent(keys::add);
        needsOther |= key.isEmpty();
      }
      for (String key : keys) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(rank);
      }
      if (needsOther) {
        others.add(rank);
      }
    }
    Map<String, Bucket> buckets = new HashMap<>();
    byKey.forEach((key, ranks) -> buckets.put(key, new Bucket(ranked, ranks)));
    this.byHostKey = Map.copyOf(buckets);
    this.otherHosts = new Bucket(ranked, others);
    this.suffixKeys = byHostKey.keySet().stream().anyMatch(k -> k.startsWith("*"));
    this.prefixKeys = byHostKey.keySet().stream().anyMatch(k -> !k.startsWith("=") && k.endsWith("*"));
  }

  /**
   * The index key of a host rule. A {@code *.example.com} rule matches hosts ending in {@code
   * .example.com}, which is one of the request host's suffixes starting at a dot; an {@code
   * example.*} rule is one of its prefixes ending at a dot. So each request looks up its exact name
   * and one key per dot.
   */
  private static Optional<String> hostKey(RouterCandidate.HostRule h) {
    return switch (h.kind()) {
      case EXACT -> Optional.of("=" + h.value());
      case SUFFIX -> h.value().startsWith(".") ? Optional.of("*" + h.value()) : Optional.empty();
      case PREFIX -> h.value().endsWith(".") ? Optional.of(h.value() + "*") : Optional.empty();
    };
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
    Probe probe = probe(request);
    for (int rank : candidateRanks(probe)) {
      RouterCandidate c = ranked[rank];
      Optional<PathHit> hit = c.tryMatch(probe);
      if (hit.isPresent()) {
        return Optional.of(toMatch(c, probe, hit.get()));
      }
    }
    return Optional.empty();
  }

  /** The same lookup without the index, trying every matcher in rank order; for tests. */
  Optional<RouteMatch> matchLinearly(RequestFacts request) {
    Probe probe = probe(request);
    for (RouterCandidate c : ranked) {
      Optional<PathHit> hit = c.tryMatch(probe);
      if (hit.isPresent()) {
        return Optional.of(toMatch(c, probe, hit.get()));
      }
    }
    return Optional.empty();
  }

  /** How many candidates a request would be tried against: the index's work, for tests. */
  int candidateCount(RequestFacts request) {
    return candidateRanks(probe(request)).length;
  }

  GatewayConfig config() {
    return config;
  }

  private static Probe probe(RequestFacts request) {
    RouterHost host = RouterHost.parse(request.host());
    int port = host.hasPort() ? host.port() : request.localPort();
    String path = request.path().isEmpty() ? "/" : RouterPath.normalize(request.path());
    return new Probe(request, host.name(), port, path.isEmpty() ? "/" : path);
  }

  private int[] candidateRanks(Probe probe) {
    IntList ranks = new IntList();
    String host = probe.hostName();
    collect("=" + host, probe.path(), ranks);
    if (suffixKeys || prefixKeys) {
      for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
        if (suffixKeys) {
          collect("*" + host.substring(dot), probe.path(), ranks);
        }
        if (prefixKeys) {
          collect(host.substring(0, dot + 1) + "*", probe.path(), ranks);
        }
      }
    }
    otherHosts.collect(probe.path(), ranks);
    return ranks.sortedDistinct();
  }

  private void collect(String hostKey, String path, IntList ranks) {
    Bucket bucket = byHostKey.get(hostKey);
    if (bucket != null) {
      bucket.collect(path, ranks);
    }
  }

  private static RouteMatch toMatch(RouterCandidate c, Probe probe, PathHit hit) {
    RouteDef route = c.route;
    String stripped = route.stripPath() ? hit.matchedPath().orElse("/") : "/";
    String upstreamPath =
        PathJoin.upstreamPath(
            route.pathHandling(),
            route.stripPath(),
            c.servicePathView,
            probe.path(),
            stripped);
    Optional<String> forwardedPrefix =
        stripped.equals("/") ? Optional.empty() : Optional.of(RouterPath.escape(stripped));
    return new RouteMatch(
        route,
        c.service,
        c.upstream,
        RouterPath.escape(upstreamPath),
        RouterPath.escape(probe.path()),
        hit.captures(),
        forwardedPrefix,
        route.preserveHost());
  }

  /** Routes reachable for one host bucket, indexed by prefix path. */
  private static final class Bucket {
    private final Map<String, int[]> byPrefix;
    private final int[] prefixLengths;
    private final int[] unindexed;

    Bucket(RouterCandidate[] ranked, List<Integer> ranks) {
      Map<String, List<Integer>> prefixes = new HashMap<>();
      TreeSet<Integer> lengths = new TreeSet<>();
      List<Integer> rest = new ArrayList<>();
      for (int rank : ranks) {
        RouterCandidate c = ranked[rank];
        if (c.prefixes.isEmpty()) {
          rest.add(rank);
          continue;
        }
        for (String p : c.prefixes) {
          prefixes.computeIfAbsent(p, k -> new ArrayList<>()).add(rank);
          lengths.add(p.length());
        }
      }
      Map<String, int[]> index = new HashMap<>();
      prefixes.forEach((p, r) -> index.put(p, r.stream().mapToInt(Integer::intValue).toArray()));
      this.byPrefix = Map.copyOf(index);
      this.prefixLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
      this.unindexed = rest.stream().mapToInt(Integer::intValue).toArray();
    }

    void collect(String path, IntList out) {
      for (int len : prefixLengths) {
        if (len > path.length()) {
          break;
        }
        int[] hits = byPrefix.get(path.substring(0, len));
        if (hits != null) {
          out.addAll(hits);
        }
      }
      out.addAll(unindexed);
    }
  }

  /** A growable int array, to keep lookups free of boxing. */
  private static final class IntList {
    private int[] values = new int[8];
    private int size;

    void addAll(int[] more) {
      if (size + more.length > values.length) {
        values = Arrays.copyOf(values, Math.max(values.length * 2, size + more.length));
      }
      System.arraycopy(more, 0, values, size, more.length);
      size += more.length;
    }

    int[] sortedDistinct() {
      int[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      int n = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (n == 0 || sorted[n - 1] != sorted[i]) {
          sorted[n++] = sorted[i];
        }
      }
      return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }
  }
}
