package io.causeway.gateway;

import io.causeway.gateway.DnsAnswerCache.Entry;
import io.causeway.gateway.ForwardingTable.Match;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Resolves host names through the DNS forwarding table: a name under one of an entry's domains
 * (longest domain wins) is asked of that entry's servers, in order with failover; any other name
 * goes to the fallback (system) resolver. Answers are cached by TTL within floor and ceiling,
 * NXDOMAIN/NODATA by the SOA minimum, and an answer whose servers all fail is served stale for
 * {@link ForwardingSettings#staleTtl()} while refreshes retry in the background (Kong's
 * {@code dns_stale_ttl}). A warm name never queries on the caller's path: it is refreshed in the
 * background shortly before it expires. Concurrent misses for one name share one lookup.
 *
 * <p>{@link #resolve} hands out the addresses of a name in turn, so new connections spread over
 * them; a changed answer only changes what later calls get, never a connection already made.
 *
 * <p>Threading: any thread; futures complete on the caller's loop or are already done. Owns and
 * closes the fallback resolver.
 */
final class ForwardingResolver implements HostResolver {

  /** Host names seen by {@link #literal}, with their parsed address when they are literals. */
  private static final Map<String, Optional<InetAddress>> LITERALS = new ConcurrentHashMap<>();
  private static final int MAX_LITERALS = 4096;


  private static final int MAX_ALIAS_DEPTH = 8;

  private final HostResolver fallback;
  private final ForwardingSettings settings;
  private final Clock clock;
  private final ForwardingQueries queries;
  private final DnsAnswerCache cache;
  private final Map<String, Future<Lookup>> inflight = new ConcurrentHashMap<>();
  private volatile ForwardingTable table;

  ForwardingResolver(List<DnsForwardingEntry> entries, HostResolver fallback, Transport transport,
      ForwardingSettings settings, Clock clock) {
    this.fallback = fallback;
    this.settings = settings;
    this.clock = clock;
    this.queries = new ForwardingQueries(transport, settings);
    this.cache = new DnsAnswerCache(settings.maxEntries());
    this.table = ForwardingTable.of(entries);
  }

  /** Default settings and the system clock; names outside the table go to the system resolver. */
  static ForwardingResolver create(List<DnsForwardingEntry> entries, Transport transport) {
    return new ForwardingResolver(entries, new SystemHostResolver(transport), transport,
        ForwardingSettings.defaults(), Clock.systemUTC());
  }

  ForwardingTable table() {
    return table;
  }

  /**
   * Swaps the table (a configuration change). Cached answers stay where the name still maps to
   * an equal entry; the others are dropped so the next lookup asks the new servers.
   */
  void updateTable(List<DnsForwardingEntry> entries) {
    ForwardingTable next = ForwardingTable.of(entries);
    if (next.entries().equals(table.entries())) {
      return;
    }
    table = next;
    cache.retain(e -> next.match(e.name()).map(m -> m.entry().equals(e.source())).orElse(false));
  }

  @Override
  public Future<InetAddress> resolve(String host, EventLoop loop) {
    String name = ForwardingTable.normalise(host);
    if (ForwardingQueries.isSrvName(name) && table.match(name).isPresent()) {
      return map(resolveEndpoint(name, 0, loop), InetSocketAddress::getAddress, loop);
    }
    return resolveAddress(host, loop);
  }

  /** A and AAAA only (never SRV), so an SRV target cannot lead into another SRV lookup. */
  private Future<InetAddress> resolveAddress(String host, EventLoop loop) {
    Optional<InetAddress> literal = literal(host);
    if (literal.isPresent()) {
      return loop.newSucceededFuture(literal.get());
    }
    Optional<Match> match = table.match(host);
    if (match.isEmpty()) {
      return fallback.resolve(host, loop);
    }
    String name = ForwardingTable.normalise(host);
    Optional<Entry> hit = cached(name, match.get(), loop);
    if (hit.isPresent()) {
      return pick(hit.get(), loop);
    }
    Future<Lookup> lookup = query(name, match.get(), loop, 0);
    Promise<InetAddress> promise = loop.newPromise();
    lookup.addListener(f -> relay(pick(lookup.getNow().entry(), loop), promise));
    return promise;
  }

  /**
   * Where to connect for {@code host} and its configured {@code port}. For a
   * {@code _service._proto.name} name under a forwarded domain this follows SRV (Kong's rule):
   * the lowest priority wins, weights share the connections in turn, and the record's port
   * replaces {@code port}. Any other name keeps {@code port}.
   */
  @Override
  public Future<InetSocketAddress> resolveEndpoint(String host, int port, EventLoop loop) {
    String name = ForwardingTable.normalise(host);
    Optional<Match> match = table.match(name);
    if (match.isEmpty() || !ForwardingQueries.isSrvName(name)) {
      Future<InetAddress> address = resolveAddress(host, loop);
      // The proxy's path: a cache hit must stay allocation-light and synchronous.
      if (address.isDone() && address.isSuccess()) {
        return loop.newSucceededFuture(new InetSocketAddress(address.getNow(), port));
      }
      return map(address, a -> new InetSocketAddress(a, port), loop);
    }
    Promise<InetSocketAddress> promise = loop.newPromise();
    lookup(name, match.get(), loop, 0).addListener(f -> {
      Entry entry = ((Lookup) f.getNow()).entry();
      if (!(entry.answer() instanceof DnsAnswer.Services services)) {
        promise.tryFailure(failure(entry));
        return;
      }
      DnsAnswer.SrvRecord srv = ForwardingSrv.pick(services.records(), entry.rotation());
      relay(map(resolveAddress(srv.target(), loop), a -> new InetSocketAddress(a, srv.port()), loop),
          promise);
    });
    return promise;
  }

  /** Every address of {@code host}, IPv4 first unless it has none. */
  Future<List<InetAddress>> resolveAll(String host, EventLoop loop) {
    Promise<List<InetAddress>> promise = loop.newPromise();
    Optional<Match> match = table.match(host);
    if (literal(host).isPresent() || match.isEmpty()) {
      return map(resolveAddress(host, loop), List::of, loop);
    }
    lookup(ForwardingTable.normalise(host), match.get(), loop, 0).addListener(f -> {
      Lookup l = (Lookup) f.getNow();
      if (l.entry().answer() instanceof DnsAnswer.Found found) {
        promise.trySuccess(found.addresses());
      } else {
        promise.tryFailure(failure(l.entry()));
      }
    });
    return promise;
  }

  /** What resolving {@code host} gives now, and where it came from; uses and fills the cache. */
  Future<ResolveDiagnostics> diagnose(String host, EventLoop loop) {
    Promise<ResolveDiagnostics> promise = loop.newPromise();
    String name = ForwardingTable.normalise(host);
    Optional<Match> match = table.match(name);
    if (literal(name).isPresent() || match.isEmpty()) {
      Future<InetAddress> one = resolve(name, loop);
      one.addListener(f -> promise.trySuccess(f.isSuccess()
          ? ResolveDiagnostics.system(name, literal(name).isPresent(), one.getNow())
          : ResolveDiagnostics.systemFailure(name, String.valueOf(f.cause().getMessage()))));
      return promise;
    }
    lookup(name, match.get(), loop, 0).addListener(f -> {
      Lookup l = (Lookup) f.getNow();
      promise.trySuccess(
          ResolveDiagnostics.forwarded(name, match.get(), l.entry(), l.fromCache(), clock.millis()));
    });
    return promise;
  }

  private Future<Lookup> lookup(String name, Match match, EventLoop loop, int depth) {
    Optional<Entry> hit = cached(name, match, loop);
    return hit.isPresent()
        ? loop.newSucceededFuture(new Lookup(hit.get(), true))
        : query(name, match, loop, depth);
  }

  /**
   * A usable cached answer: fresh, or stale after its servers failed and still within the stale
   * window. Starts a background refresh when one is due; never waits for it.
   */
  private Optional<Entry> cached(String name, Match match, EventLoop loop) {
    Entry c = cache.get(name).orElse(null);
    if (c == null || !sameSource(c, match)) {
      return Optional.empty();
    }
    long now = clock.millis();
    if (c.isFresh(now)) {
      if (c.isServableStale(now) && refreshIsDue(c, now)) {
        refreshInBackground(name, match, loop, c, now);
      }
      return Optional.of(c);
    }
    if (c.stale() && c.isServableStale(now)) {
      if (now >= c.nextRefreshAt()) {
        refreshInBackground(name, match, loop, c, now);
      }
      return Optional.of(c);
    }
    return Optional.empty();
  }

  private static boolean sameSource(Entry e, Match match) {
    // Identity first: within one table every hit compares the very same entry object.
    return e.source() == match.entry() || e.source().equals(match.entry());
  }

  private boolean refreshIsDue(Entry c, long now) {
    long window = Math.min(settings.refreshAhead().toMillis(), (c.expiresAt() - c.storedAt()) / 4);
    return c.expiresAt() - now < window && now >= c.nextRefreshAt();
  }

  private void refreshInBackground(String name, Match match, EventLoop loop, Entry c, long now) {
    // Throttle first, so hits arriving while the refresh runs do not start another.
    cache.put(c.servedStale(now, now + settings.staleRetry().toMillis()), now);
    query(name, match, loop, 0);
  }

  /** One lookup in flight per name: later callers share the first caller's future. */
  private Future<Lookup> query(String name, Match match, EventLoop loop, int depth) {
    boolean[] started = new boolean[1];
    Future<Lookup> future = inflight.computeIfAbsent(name, n -> {
      started[0] = true;
      Promise<Lookup> p = loop.newPromise();
      queries.lookup(n, match.entry(), loop)
          .addListener(f -> onAnswer(n, match, (DnsAnswer) f.getNow(), loop, depth, p));
      return p;
    });
    if (started[0]) {
      future.addListener(f -> inflight.remove(name, future));
    }
    return future;
  }

  private void onAnswer(String name, Match match, DnsAnswer answer, EventLoop loop, int depth,
      Promise<Lookup> promise) {
    long now = clock.millis();
    switch (answer) {
      case DnsAnswer.Found found -> promise.trySuccess(store(name, match, found, now));
      case DnsAnswer.Services services -> promise.trySuccess(store(name, match, services, now));
      case DnsAnswer.NotFound notFound -> promise.trySuccess(store(name, match, notFound, now));
      case DnsAnswer.Unreachable down -> promise.trySuccess(onOutage(name, match, down, now));
      case DnsAnswer.Alias alias -> chase(name, match, alias, loop, depth, promise);
    }
  }

  private Lookup store(String name, Match match, DnsAnswer answer, long now) {
    long ttlMillis = switch (answer) {
      case DnsAnswer.Found f -> clamp(f.ttlSeconds() * 1000, settings.minTtl().toMillis(),
          settings.maxTtl().toMillis());
      case DnsAnswer.Services v -> clamp(v.ttlSeconds() * 1000, settings.minTtl().toMillis(),
          settings.maxTtl().toMillis());
      case DnsAnswer.NotFound n -> Math.min(
          n.soaTtlSeconds() >= 0 ? n.soaTtlSeconds() * 1000 : settings.defaultNegativeTtl().toMillis(),
          settings.maxNegativeTtl().toMillis());
      // Kong's dns_error_ttl: a dead name is asked again after a short pause, not per request.
      case DnsAnswer.Unreachable u -> settings.staleRetry().toMillis();
      case DnsAnswer.Alias a -> throw new IllegalStateException("aliases are chased, not stored");
    };
    long expiresAt = now + ttlMillis;
    long staleUntil = answer instanceof DnsAnswer.Found || answer instanceof DnsAnswer.Services
        ? expiresAt + settings.staleTtl().toMillis() : expiresAt;
    Entry entry = new Entry(name, match.entry(), answer, now, expiresAt, staleUntil, now, false,
        new AtomicInteger());
    cache.put(entry, now);
    return new Lookup(entry, false);
  }

  private Lookup onOutage(String name, Match match, DnsAnswer.Unreachable down, long now) {
    Optional<Entry> previous = cache.get(name)
        .filter(e -> sameSource(e, match) && e.isServableStale(now));
    if (previous.isPresent()) {
      Entry stale = previous.get().servedStale(now, now + settings.staleRetry().toMillis());
      cache.put(stale, now);
      return new Lookup(stale, true);
    }
    return store(name, match, down, now);
  }

  private void chase(String name, Match match, DnsAnswer.Alias alias, EventLoop loop, int depth,
      Promise<Lookup> promise) {
    if (depth >= MAX_ALIAS_DEPTH) {
      promise.trySuccess(onOutage(name, match,
          new DnsAnswer.Unreachable("CNAME chain from " + name + " longer than " + MAX_ALIAS_DEPTH),
          clock.millis()));
      return;
    }
    Optional<Match> targetMatch = table.match(alias.target());
    if (targetMatch.isEmpty()) {
      Future<InetAddress> viaSystem = fallback.resolve(alias.target(), loop);
      viaSystem.addListener(f -> promise.trySuccess(f.isSuccess()
          ? store(name, match, new DnsAnswer.Found(List.of(viaSystem.getNow()), alias.ttlSeconds(),
              alias.server()), clock.millis())
          : onOutage(name, match, new DnsAnswer.Unreachable(
              alias.target() + " (CNAME of " + name + "): " + f.cause().getMessage()),
              clock.millis())));
      return;
    }
    lookup(alias.target(), targetMatch.get(), loop, depth + 1).addListener(f -> {
      DnsAnswer target = ((Lookup) f.getNow()).entry().answer();
      long now = clock.millis();
      promise.trySuccess(switch (target) {
        case DnsAnswer.Found t -> store(name, match, new DnsAnswer.Found(t.addresses(),
            Math.min(alias.ttlSeconds(), t.ttlSeconds()), alias.server()), now);
        case DnsAnswer.NotFound t ->
            store(name, match, new DnsAnswer.NotFound(t.nxdomain(), t.soaTtlSeconds(), alias.server()), now);
        case DnsAnswer.Unreachable t -> onOutage(name, match, t, now);
        case DnsAnswer.Services t -> store(name, match, new DnsAnswer.Services(t.records(),
            Math.min(alias.ttlSeconds(), t.ttlSeconds()), alias.server()), now);
        case DnsAnswer.Alias t -> throw new IllegalStateException("aliases are chased, not stored");
      });
    });
  }

  private static Future<InetAddress> pick(Entry entry, EventLoop loop) {
    if (entry.answer() instanceof DnsAnswer.Found found) {
      List<InetAddress> all = found.addresses();
      int turn = all.size() == 1 ? 0 : Math.floorMod(entry.rotation().getAndIncrement(), all.size());
      return loop.newSucceededFuture(all.get(turn));
    }
    return loop.newFailedFuture(failure(entry));
  }

  private static UnknownHostException failure(Entry entry) {
    return new UnknownHostException(switch (entry.answer()) {
      case DnsAnswer.NotFound n -> entry.name() + ": " + (n.nxdomain() ? "NXDOMAIN" : "no A or AAAA records")
          + " from " + n.server();
      case DnsAnswer.Unreachable u -> entry.name() + ": no DNS server of " + entry.source().domains()
          + " answered (" + u.reason() + ")";
      case DnsAnswer.Found f -> entry.name() + ": resolved";
      case DnsAnswer.Services v -> entry.name() + ": SRV records, not addresses";
      case DnsAnswer.Alias a -> entry.name() + ": CNAME " + a.target();
    });
  }

  /** Completes {@code to} like {@code from}, once {@code from} is done. */
  private static <T> void relay(Future<T> from, Promise<T> to) {
    from.addListener(f -> {
      if (f.isSuccess()) {
        to.trySuccess(from.getNow());
      } else {
        to.tryFailure(f.cause());
      }
    });
  }

  private static <A, B> Future<B> map(Future<A> from, Function<A, B> fn, EventLoop loop) {
    Promise<B> to = loop.newPromise();
    from.addListener(f -> {
      if (f.isSuccess()) {
        to.trySuccess(fn.apply(from.getNow()));
      } else {
        to.tryFailure(f.cause());
      }
    });
    return to;
  }

  private static Optional<InetAddress> literal(String host) {
    // Every proxied request to an address literal comes here: parse each literal once.
    Optional<InetAddress> known = LITERALS.get(host);
    if (known != null) {
      return known;
    }
    Optional<InetAddress> parsed = parseLiteral(host);
    if (LITERALS.size() >= MAX_LITERALS) {
      LITERALS.clear();
    }
    LITERALS.put(host, parsed);
    return parsed;
  }

  private static Optional<InetAddress> parseLiteral(String host) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(host, bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }

  @Override
  public void close() {
    queries.close();
    fallback.close();
  }

  /** A cache entry and whether this call took it from the cache. */
  record Lookup(Entry entry, boolean fromCache) {}
}
