package io.causeway.gateway;

import io.causeway.gateway.RouteMatch.Captures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compiled matcher: a route, or one path group of a route (Kong splits a route whose paths mix
 * regexes and prefixes of different lengths into one matcher per group, each with its own
 * priority). Immutable.
 */
final class RouterCandidate {

  /** A host or SNI rule: exact, {@code *.suffix} or {@code prefix.*}, optionally with a port. */
  record HostRule(Kind kind, String value, int port) {
    enum Kind {
      EXACT,
      SUFFIX,
      PREFIX
    }

    static HostRule parse(String configured) {
      RouterHost h = RouterHost.parse(configured);
      String name = h.name();
      if (name.startsWith("*")) {
        return new HostRule(Kind.SUFFIX, name.substring(1), h.port());
      }
      if (name.endsWith("*")) {
        return new HostRule(Kind.PREFIX, name.substring(0, name.length() - 1), h.port());
      }
      return new HostRule(Kind.EXACT, name, h.port());
    }

    boolean matches(String name, int port) {
      return matches(name, name.length(), port);
    }

    /** Matches the name {@code host[0, nameEnd)}, read in place. */
    boolean matches(String host, int nameEnd, int port) {
      if (this.port != RouterHost.NO_PORT && this.port != port) {
        return false;
      }
      int n = value.length();
      return switch (kind) {
        case EXACT -> nameEnd == n && host.startsWith(value);
        case SUFFIX -> nameEnd >= n && host.startsWith(value, nameEnd - n);
        case PREFIX -> nameEnd >= n && host.startsWith(value);
      };
    }

    /**
     * Whether the index can key this rule: a {@code *.example.com} rule matches hosts ending in
     * {@code .example.com}, one of the request host's suffixes starting at a dot; an {@code
     * example.*} rule one of its prefixes ending at a dot; a {@code *example.com} rule neither.
     */
    boolean isIndexable() {
      return switch (kind) {
        case EXACT -> true;
        case SUFFIX -> value.startsWith(".");
        case PREFIX -> value.endsWith(".");
      };
    }
  }

  /** Values of one header: any request value equal to a value, or found by a {@code ~*} regex. */
  record HeaderRule(String name, List<String> values, List<Pattern> regexes) {
    boolean matches(List<String> requestValues) {
      if (requestValues == null) {
        return false; // a lenient header lookup may answer null for an absent header
      }
      for (String raw : requestValues) {
        String v = raw.toLowerCase(Locale.ROOT);
        if (values.contains(v)) {
          return true;
        }
        for (Pattern p : regexes) {
          if (p.matcher(v).find()) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /** How a candidate matched the path: the matched part (if a path rule exists) and captures. */
  record PathHit(Optional<String> matchedPath, Captures captures) {}

  final RouteDef route;
  final Optional<ServiceDef> service;
  final Optional<UpstreamDef> upstream;

  /** The service path as a byte view, computed once here instead of on every match. */
  final String servicePathView;

  final int group;
  final List<String> prefixes;
  final List<RouterRegex> regexes;
  final List<HostRule> hosts;
  final Set<String> methods;
  final List<HeaderRule> headers;
  final List<HostRule> snis;
  final int matchWeight;
  final boolean plainHostsOnly;

  /** Copied from the route so that building a match reads this object only. */
  final boolean stripPath;

  final RouteDef.PathHandling pathHandling;
  final boolean preserveHost;

  /**
   * No methods, headers or SNIs: once the index has found the request's host key and path, nothing
   * else is left to check (see {@link RouterIndex}).
   */
  final boolean hostAndPathOnly;

  RouterCandidate(
      RouteDef route,
      Optional<ServiceDef> service,
      Optional<UpstreamDef> upstream,
      int group,
      List<String> paths) {
    this.route = route;
    this.service = service;
    this.upstream = upstream;
    this.servicePathView = RouterPath.configuredToByteView(service.flatMap(ServiceDef::path).orElse("/"));
    this.group = group;
    List<String> pre = new ArrayList<>();
    List<RouterRegex> rx = new ArrayList<>();
    for (String p : paths) {
      if (p.startsWith("~")) {
        rx.add(RouterRegex.compile(p.substring(1)));
      } else {
        pre.add(RouterPath.configuredToByteView(p));
      }
    }
    this.prefixes = List.copyOf(pre);
    this.regexes = List.copyOf(rx);
    this.hosts = route.hosts().stream().map(HostRule::parse).toList();
    this.methods = Set.copyOf(route.methods());
    this.headers = compileHeaders(route.headers());
    this.snis = route.snis().stream().map(s -> HostRule.parse(stripTrailingDot(s))).toList();
    this.plainHostsOnly =
        !hosts.isEmpty() && hosts.stream().allMatch(h -> h.kind() == HostRule.Kind.EXACT);
    int w = 0;
    for (boolean used :
        new boolean[] {
          !methods.isEmpty(),
          !hosts.isEmpty(),
          !headers.isEmpty(),
          !snis.isEmpty(),
          !paths.isEmpty()
        }) {
      w += used ? 1 : 0;
    }
    this.matchWeight = w;
    this.stripPath = route.stripPath();
    this.pathHandling = route.pathHandling();
    this.preserveHost = route.preserveHost();
    this.hostAndPathOnly = methods.isEmpty() && headers.isEmpty() && snis.isEmpty();
  }

  private static List<HeaderRule> compileHeaders(Map<String, List<String>> configured) {
    List<HeaderRule> rules = new ArrayList<>();
    configured.forEach(
        (name, values) -> {
          List<String> exact = new ArrayList<>();
          List<Pattern> rx = new ArrayList<>();
          for (String v : values) {
            if (v.startsWith("~*")) {
              // Kong lower-cases both sides; a case-insensitive pattern does the same without
              // changing escapes such as \D.
              rx.add(
                  Pattern.compile(v.substring(2), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } else {
              exact.add(v.toLowerCase(Locale.ROOT));
            }
          }
          rules.add(
              new HeaderRule(name.toLowerCase(Locale.ROOT), List.copyOf(exact), List.copyOf(rx)));
        });
    return List.copyOf(rules);
  }

  private static String stripTrailingDot(String sni) {
    return sni.length() > 1 && sni.endsWith(".") ? sni.substring(0, sni.length() - 1) : sni;
  }

  boolean isRegexGroup() {
    return !regexes.isEmpty();
  }

  /** Length of this group's prefixes (all equal after splitting); 0 for regex or no paths. */
  int prefixLength() {
    return prefixes.isEmpty() ? 0 : prefixes.get(0).length();
  }

  /**
   * The traditional router's category bits (host 0x40, header 0x20, uri 0x10, method 0x08, sni
   * 0x04): a higher value wins a tie of the ATC priority.
   */
  int category() {
    return (hosts.isEmpty() ? 0 : 0x40)
        | (headers.isEmpty() ? 0 : 0x20)
        | (prefixes.isEmpty() && regexes.isEmpty() ? 0 : 0x10)
        | (methods.isEmpty() ? 0 : 0x08)
        | (snis.isEmpty() ? 0 : 0x04);
  }

  /** Whether some host names a port; such a route wins a tie against port-less hosts. */
  boolean hasPortSpecificHost() {
    return hosts.stream().anyMatch(h -> h.port() != RouterHost.NO_PORT);
  }

  int headerCount() {
    return Math.min(255, headers.size());
  }

  /** Whether the methods, SNIs, hosts and headers match; the path is left to the caller. */
  boolean matchesBesidesPath(RouterProbe probe) {
    if (!methods.isEmpty() && !methods.contains(probe.facts().method())) {
      return false;
    }
    if (!snis.isEmpty() && !sniMatches(probe.facts())) {
      return false;
    }
    if (!hosts.isEmpty() && !hostMatches(probe)) {
      return false;
    }
    for (HeaderRule h : headers) {
      if (!h.matches(probe.facts().headers().apply(h.name()))) {
        return false;
      }
    }
    return true;
  }

  private boolean hostMatches(RouterProbe probe) {
    for (HostRule h : hosts) {
      if (h.matches(probe.host(), probe.hostEnd(), probe.port())) {
        return true;
      }
    }
    return false;
  }

  /** As Kong: SNIs constrain only requests that arrived over TLS. */
  private boolean sniMatches(RequestFacts facts) {
    if (facts.scheme() != ServiceDef.Protocol.HTTPS) {
      return true;
    }
    Optional<String> sni = facts.sni().map(s -> stripTrailingDot(s.toLowerCase(Locale.ROOT)));
    return sni.isPresent() && snis.stream().anyMatch(r -> r.matches(sni.get(), RouterHost.NO_PORT));
  }

  /**
   * For a prefix group or a path-less matcher: whether the path matches. A group's prefixes all
   * have the same length, so the one that matches is the path's start of that length.
   */
  boolean matchesPrefix(String path) {
    if (prefixes.isEmpty()) {
      return true;
    }
    for (String p : prefixes) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** For a regex group: the first regex (in configuration order) matching the path's start. */
  Optional<PathHit> matchRegexes(String path) {
    for (RouterRegex r : regexes) {
      Matcher m = r.matcher(path);
      if (m.lookingAt()) {
        return Optional.of(new PathHit(Optional.of(m.group()), r.captures(m)));
      }
    }
    return Optional.empty();
  }
}
