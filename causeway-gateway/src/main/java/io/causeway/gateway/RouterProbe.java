package io.causeway.gateway;

import io.causeway.gateway.RouterCandidate.PathHit;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One lookup: the request reduced to what the router compares, and the best matcher found so far.
 * A fresh probe per lookup, confined to the thread doing it.
 *
 * <p>The host name is read in place as {@code host()[0, hostEnd())}: a Host header with a port
 * ({@code example.com:8000}) costs no substring, and an already lower-case header no copy at all.
 */
final class RouterProbe {

  private static final int NONE = Integer.MAX_VALUE;

  private final RequestFacts facts;
  private final String host;
  private final int hostEnd;
  private final int port;
  private final String path;
  private final RouterCandidate[] ranked;

  /** Ranks offered, when the probe only counts candidates (for tests); null for a real lookup. */
  private final Set<Integer> visited;

  private int best = NONE;
  private PathHit regexHit;

  private RouterProbe(RequestFacts facts, RouterCandidate[] ranked, boolean countOnly) {
    this.facts = facts;
    this.ranked = ranked;
    this.visited = countOnly ? new HashSet<>() : null;
    // trim() and toLowerCase() return the string itself when there is nothing to change.
    String t = facts.host().trim().toLowerCase(Locale.ROOT);
    int p = RouterHost.NO_PORT;
    int end = t.length();
    if (t.startsWith("[")) {
      RouterHost h = RouterHost.parse(t);
      t = h.name();
      end = t.length();
      p = h.port();
    } else {
      int colon = t.indexOf(':');
      if (colon >= 0 && colon == t.lastIndexOf(':')) {
        p = RouterHost.portAt(t, colon + 1);
        end = p == RouterHost.NO_PORT ? end : colon;
      }
    }
    this.host = t;
    this.hostEnd = end;
    this.port = p == RouterHost.NO_PORT ? facts.localPort() : p;
    String normalized = facts.path().isEmpty() ? "/" : RouterPath.normalize(facts.path());
    this.path = normalized.isEmpty() ? "/" : normalized;
  }

  static RouterProbe of(RequestFacts facts, RouterCandidate[] ranked) {
    return new RouterProbe(facts, ranked, false);
  }

  /** A probe that records every candidate offered and matches none. */
  static RouterProbe counting(RequestFacts facts, RouterCandidate[] ranked) {
    return new RouterProbe(facts, ranked, true);
  }

  RequestFacts facts() {
    return facts;
  }

  /** The lower-case host header, possibly followed by {@code :port}. */
  String host() {
    return host;
  }

  /** Where the host name ends in {@link #host()}. */
  int hostEnd() {
    return hostEnd;
  }

  /** The Host header's port, else the port the request arrived on. */
  int port() {
    return port;
  }

  /** The normalised path, as a byte view. */
  String path() {
    return path;
  }

  /** The rank of the best matcher so far; {@link Integer#MAX_VALUE} while none matched. */
  int best() {
    return best;
  }

  boolean found() {
    return best != NONE;
  }

  /** What the winning regex matched; empty when the winner is not a regex group. */
  Optional<PathHit> regexHit() {
    return Optional.ofNullable(regexHit);
  }

  int visitedCount() {
    return visited == null ? 0 : visited.size();
  }

  /**
   * Considers the matcher of this rank; it becomes the best when it ranks before the best so far
   * and matches. {@code proven} says the index already established that it matches (its key held
   * the request's host and path, and it has no other rules), so it is not looked at.
   */
  void offer(int rank, boolean proven) {
    if (visited != null) {
      visited.add(rank);
      return;
    }
    if (rank >= best) {
      return;
    }
    if (proven) {
      best = rank;
      regexHit = null;
      return;
    }
    RouterCandidate c = ranked[rank];
    if (!c.matchesBesidesPath(this)) {
      return;
    }
    if (c.isRegexGroup()) {
      Optional<PathHit> hit = c.matchRegexes(path);
      if (hit.isEmpty()) {
        return;
      }
      regexHit = hit.get();
    } else if (c.matchesPrefix(path)) {
      regexHit = null;
    } else {
      return;
    }
    best = rank;
  }
}
