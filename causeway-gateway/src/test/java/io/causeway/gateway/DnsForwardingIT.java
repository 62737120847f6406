package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The forwarding resolver against real dnsmasq instances on loopback, one per customer zone. */
@Timeout(60)
@ExtendWith(NettyLeakGuard.class)
class DnsForwardingIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ForwardingTestClock clock = new ForwardingTestClock();
  private final List<Dnsmasq> servers = new ArrayList<>();
  private final RecordingFallback fallback = new RecordingFallback();
  private EventLoopGroup group;
  private ForwardingResolver resolver;

  @BeforeEach
  void setUp() {
    Dnsmasq.assumeInstalled();
    group = Transport.best().newGroup(2, new DefaultThreadFactory("dns-it"));
  }

  @AfterEach
  void tearDown() {
    if (resolver != null) {
      resolver.close();
    }
    servers.forEach(Dnsmasq::close);
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void resolvesThroughTheOnlyEntryOfAOneToOneTableAndLeavesOtherNamesToTheSystem()
      throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("api.corp.example", "10.20.0.5"));
    use(settings(), entry(List.of("corp.example"), corp));

    assertThat(resolve("api.corp.example")).isEqualTo(ip("10.20.0.5"));
    assertThat(resolve("api.other.example")).isEqualTo(RecordingFallback.ANSWER);
    assertThat(fallback.asked).containsExactly("api.other.example");
    assertThat(corp.queries("api.other.example")).isZero();
  }

  @Test
  void resolvesSeveralDomainsThroughOneServerInAManyToOneTable() throws Exception {
    Dnsmasq dns = start(Dnsmasq.zone("corp.example", 60).zone("lab.example")
        .host("api.corp.example", "10.20.0.5").host("db.lab.example", "10.30.0.6"));
    use(settings(), entry(List.of("corp.example", "lab.example"), dns));

    assertThat(resolve("api.corp.example")).isEqualTo(ip("10.20.0.5"));
    assertThat(resolve("db.lab.example")).isEqualTo(ip("10.30.0.6"));
    assertThat(fallback.asked).isEmpty();
  }

  @Test
  void resolvesEachEntryThroughItsOwnServersInAManyToManyTable() throws Exception {
    Dnsmasq.Config shared = Dnsmasq.zone("corp.example", 60).zone("lab.example")
        .host("api.corp.example", "10.20.0.5").host("db.lab.example", "10.30.0.6");
    Dnsmasq first = start(shared);
    Dnsmasq second = start(shared);
    Dnsmasq partner = start(Dnsmasq.zone("partner.example", 60).host("x.partner.example", "10.40.0.7"));
    use(settings(),
        new DnsForwardingEntry(List.of("corp.example", "lab.example"),
            List.of(first.server(), second.server())),
        entry(List.of("partner.example"), partner));

    assertThat(resolve("api.corp.example")).isEqualTo(ip("10.20.0.5"));
    assertThat(resolve("db.lab.example")).isEqualTo(ip("10.30.0.6"));
    assertThat(resolve("x.partner.example")).isEqualTo(ip("10.40.0.7"));
    // In order: the first server answers while it is up.
    assertThat(first.queries("api.corp.example")).isEqualTo(1);
    assertThat(second.queries("api.corp.example")).isZero();
    assertThat(first.queries("x.partner.example") + second.queries("x.partner.example")).isZero();
  }

  @Test
  void prefersTheLongestMatchingDomain() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60)
        .host("orders.eu.corp.example", "10.99.0.1").host("orders.corp.example", "10.20.0.1"));
    Dnsmasq eu = start(Dnsmasq.zone("eu.corp.example", 60).host("orders.eu.corp.example", "10.21.0.1"));
    use(settings(), entry(List.of("corp.example"), corp), entry(List.of("eu.corp.example"), eu));

    assertThat(resolve("orders.eu.corp.example")).isEqualTo(ip("10.21.0.1"));
    assertThat(resolve("orders.corp.example")).isEqualTo(ip("10.20.0.1"));
    assertThat(resolve("orders.xcorp.example")).isEqualTo(RecordingFallback.ANSWER);
    assertThat(corp.queries("orders.eu.corp.example")).isZero();
  }

  @Test
  void failsOverToTheNextServerWhenTheFirstIsDown() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("api.corp.example", "10.20.0.5"));
    String dead = "127.0.0.1:" + Dnsmasq.freePort();
    use(settings(), new DnsForwardingEntry(List.of("corp.example"), List.of(dead, corp.server())));

    assertThat(resolve("api.corp.example")).isEqualTo(ip("10.20.0.5"));
    JsonNode diagnostics = diagnose("api.corp.example");
    assertThat(diagnostics.get("server").asText()).isEqualTo(corp.server());
    assertThat(diagnostics.get("from_cache").asBoolean()).isTrue();
  }

  @Test
  void asksAgainOnlyOnceTheTtlHasPassed() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("api.corp.example", "10.20.0.5"));
    use(settings().withRefreshAhead(Duration.ZERO), entry(List.of("corp.example"), corp));

    resolve("api.corp.example");
    clock.advance(Duration.ofSeconds(50));
    resolve("api.corp.example");
    assertThat(corp.queries("api.corp.example")).isEqualTo(1);
    assertThat(diagnose("api.corp.example").get("ttl_left_seconds").asLong()).isEqualTo(10);

    clock.advance(Duration.ofSeconds(11));
    resolve("api.corp.example");
    assertThat(corp.queries("api.corp.example")).isEqualTo(2);
  }

  @Test
  void refreshesAWarmNameInTheBackgroundBeforeItExpires() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("api.corp.example", "10.20.0.5"));
    use(settings(), entry(List.of("corp.example"), corp));
    resolve("api.corp.example");

    clock.advance(Duration.ofMillis(59_500));
    Future<InetAddress> hit = resolver.resolve("api.corp.example", loop());

    assertThat(hit.isDone()).as("answered from the cache, not after a query").isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> corp.queries("api.corp.example") == 2);
    clock.advance(Duration.ofSeconds(30));
    assertThat(resolver.resolve("api.corp.example", loop()).isDone()).isTrue();
    assertThat(corp.queries("api.corp.example")).isEqualTo(2);
  }

  @Test
  void followsNewAddressesOnceTheRealTtlRunsOut() throws Exception {
    Dnsmasq before = start(Dnsmasq.zone("corp.example", 1).host("api.corp.example", "10.20.0.5"));
    resolver = new ForwardingResolver(List.of(entry(List.of("corp.example"), before)), fallback,
        Transport.best(), settings(), java.time.Clock.systemUTC());
    assertThat(resolve("api.corp.example")).isEqualTo(ip("10.20.0.5"));

    before.stop();
    servers.add(before.restart(Dnsmasq.zone("corp.example", 1).host("api.corp.example", "10.20.0.6")));

    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> resolve("api.corp.example").equals(ip("10.20.0.6")));
  }

  @Test
  void cachesNxdomainForTheSoaMinimum() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 30).host("api.corp.example", "10.20.0.5"));
    use(settings(), entry(List.of("corp.example"), corp));

    assertThatThrownBy(() -> resolve("gone.corp.example"))
        .hasCauseInstanceOf(UnknownHostException.class)
        .hasMessageContaining("gone.corp.example: NXDOMAIN from " + corp.server());
    clock.advance(Duration.ofSeconds(29));
    assertThatThrownBy(() -> resolve("gone.corp.example")).hasCauseInstanceOf(UnknownHostException.class);
    assertThat(corp.queries("gone.corp.example")).isEqualTo(1);
    assertThat(diagnose("gone.corp.example").get("outcome").asText()).isEqualTo("nxdomain");

    clock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(() -> resolve("gone.corp.example")).hasCauseInstanceOf(UnknownHostException.class);
    assertThat(corp.queries("gone.corp.example")).isEqualTo(2);
  }

  @Test
  void boundsNegativeCachingByTheConfiguredCeiling() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 3600).host("api.corp.example", "10.20.0.5"));
    ForwardingSettings s = settings();
    use(new ForwardingSettings(s.queryTimeout(), s.attempts(), s.minTtl(), s.maxTtl(),
        Duration.ofSeconds(10), s.defaultNegativeTtl(), s.staleTtl(), s.staleRetry(),
        s.refreshAhead(), s.maxEntries()), entry(List.of("corp.example"), corp));

    assertThatThrownBy(() -> resolve("gone.corp.example")).hasCauseInstanceOf(UnknownHostException.class);
    clock.advance(Duration.ofSeconds(11));
    assertThatThrownBy(() -> resolve("gone.corp.example")).hasCauseInstanceOf(UnknownHostException.class);

    assertThat(corp.queries("gone.corp.example")).isEqualTo(2);
  }

  @Test
  void servesTheLastAnswerStaleWhileEveryServerIsDownThenRecovers() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 5).host("api.corp.example", "10.20.0.5"));
    use(settings().withStaleTtl(Duration.ofMinutes(10)), entry(List.of("corp.example"), corp));
    resolve("api.corp.example");

    corp.stop();
    clock.advance(Duration.ofSeconds(6));
    assertThat(resolve("api.corp.example")).isEqualTo(ip("10.20.0.5"));
    JsonNode stale = diagnose("api.corp.example");
    assertThat(stale.get("stale").asBoolean()).isTrue();
    assertThat(stale.get("from_cache").asBoolean()).isTrue();
    assertThat(stale.get("ttl_left_seconds").asLong()).isZero();
    assertThat(resolver.resolve("api.corp.example", loop()).isDone())
        .as("a stale answer is served at once, not after another round of timeouts").isTrue();

    servers.add(corp.restart(Dnsmasq.zone("corp.example", 5).host("api.corp.example", "10.20.0.6")));
    clock.advance(Duration.ofSeconds(2));
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> resolve("api.corp.example").equals(ip("10.20.0.6")));
    assertThat(diagnose("api.corp.example").get("stale").asBoolean()).isFalse();
  }

  @Test
  void stopsServingStaleOnceTheStaleWindowHasPassed() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 5).host("api.corp.example", "10.20.0.5"));
    use(settings().withStaleTtl(Duration.ofSeconds(30)), entry(List.of("corp.example"), corp));
    resolve("api.corp.example");

    corp.stop();
    clock.advance(Duration.ofSeconds(36));

    assertThatThrownBy(() -> resolve("api.corp.example"))
        .hasCauseInstanceOf(UnknownHostException.class)
        .hasMessageContaining("no DNS server of [corp.example] answered");
  }

  @Test
  void sendsOneQueryForConcurrentMissesOfOneName() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("api.corp.example", "10.20.0.5"));
    // A dead first server keeps the lookup in flight for a whole query timeout, so every call
    // below surely arrives while it is pending.
    String dead = "127.0.0.1:" + Dnsmasq.freePort();
    use(settings().withQueryTimeout(Duration.ofMillis(700)),
        new DnsForwardingEntry(List.of("corp.example"), List.of(dead, corp.server())));

    List<Future<InetAddress>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(resolver.resolve("api.corp.example", group.next()));
    }
    for (Future<InetAddress> call : calls) {
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo(ip("10.20.0.5"));
    }

    assertThat(corp.queries("api.corp.example")).isEqualTo(1);
  }

  @Test
  void handsOutEveryAddressOfANameInTurn() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60)
        .host("api.corp.example", "10.20.0.1", "10.20.0.2", "10.20.0.3"));
    use(settings(), entry(List.of("corp.example"), corp));

    List<InetAddress> all = resolver.resolveAll("api.corp.example", loop()).get(10, TimeUnit.SECONDS);
    Set<InetAddress> handedOut = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      handedOut.add(resolve("api.corp.example"));
    }

    assertThat(all).containsExactlyInAnyOrder(ip("10.20.0.1"), ip("10.20.0.2"), ip("10.20.0.3"));
    assertThat(handedOut).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void prefersIpv4AndFallsBackToIpv6OnlyWhenANameHasNoIpv4() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60)
        .host("dual.corp.example", "10.20.0.8", "fd00::8").host("v6.corp.example", "fd00::9"));
    use(settings(), entry(List.of("corp.example"), corp));

    assertThat(resolver.resolveAll("dual.corp.example", loop()).get(10, TimeUnit.SECONDS))
        .containsExactly(ip("10.20.0.8")).allMatch(a -> a instanceof Inet4Address);
    assertThat(resolve("v6.corp.example")).isInstanceOf(Inet6Address.class).isEqualTo(ip("fd00::9"));
  }

  @Test
  void followsCnameChains() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("real.corp.example", "10.20.0.9")
        .cname("alias.corp.example", "middle.corp.example")
        .cname("middle.corp.example", "real.corp.example"));
    use(settings(), entry(List.of("corp.example"), corp));

    assertThat(resolve("alias.corp.example")).isEqualTo(ip("10.20.0.9"));
  }

  @Test
  void followsSrvRecordsForServiceShapedNamesWithTheirPortsAndWeights() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60)
        .host("a.corp.example", "10.20.0.1").host("b.corp.example", "10.20.0.2")
        .host("backup.corp.example", "10.20.0.3")
        .srv("_http._tcp.api.corp.example", "a.corp.example", 8080, 0, 3)
        .srv("_http._tcp.api.corp.example", "b.corp.example", 8081, 0, 1)
        .srv("_http._tcp.api.corp.example", "backup.corp.example", 9090, 1, 100));
    use(settings(), entry(List.of("corp.example"), corp));

    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      endpoints.add(resolver.resolveEndpoint("_http._tcp.api.corp.example", 80, loop())
          .get(10, TimeUnit.SECONDS));
    }

    InetAddress a = ip("10.20.0.1");
    InetAddress b = ip("10.20.0.2");
    assertThat(endpoints).filteredOn(e -> e.getPort() == 8080)
        .hasSize(6).allMatch(e -> e.getAddress().equals(a));
    assertThat(endpoints).filteredOn(e -> e.getPort() == 8081)
        .hasSize(2).allMatch(e -> e.getAddress().equals(b));
    assertThat(resolver.resolveEndpoint("a.corp.example", 80, loop()).get(10, TimeUnit.SECONDS))
        .isEqualTo(new InetSocketAddress(ip("10.20.0.1"), 80));
    assertThat(corp.queries("_http._tcp.api.corp.example")).isEqualTo(1);
    assertThatThrownBy(() -> resolver.resolveEndpoint("_ldap._tcp.api.corp.example", 80, loop())
        .get(10, TimeUnit.SECONDS)).hasMessageContaining("NXDOMAIN");
  }

  @Test
  void failsAtOnceForANameNoServerCouldBeAskedAbout() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("api.corp.example", "10.20.0.5"));
    use(settings(), entry(List.of("corp.example"), corp));
    String overlong = "x".repeat(64) + ".corp.example";

    assertThatThrownBy(() -> resolve(overlong)).hasCauseInstanceOf(UnknownHostException.class);
    assertThat(corp.queries(overlong)).isZero();
  }

  @Test
  void keepsCachedAnswersOfUnchangedEntriesAcrossATableSwap() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("api.corp.example", "10.20.0.5"));
    Dnsmasq lab = start(Dnsmasq.zone("lab.example", 60).host("db.lab.example", "10.30.0.6"));
    Dnsmasq lab2 = start(Dnsmasq.zone("lab.example", 60).host("db.lab.example", "10.31.0.6"));
    DnsForwardingEntry corpEntry = entry(List.of("corp.example"), corp);
    use(settings(), corpEntry, entry(List.of("lab.example"), lab));
    resolve("api.corp.example");
    resolve("db.lab.example");

    resolver.updateTable(List.of(corpEntry, entry(List.of("lab.example"), lab2)));

    assertThat(resolve("api.corp.example")).isEqualTo(ip("10.20.0.5"));
    assertThat(resolve("db.lab.example")).isEqualTo(ip("10.31.0.6"));
    assertThat(corp.queries("api.corp.example")).isEqualTo(1);
  }

  @Test
  void diagnosesWhichEntryAndServerAnsweredAndWhetherFromCache() throws Exception {
    Dnsmasq corp = start(Dnsmasq.zone("corp.example", 60).host("orders.corp.example", "10.20.0.5"));
    use(settings(), entry(List.of("corp.example"), corp));

    JsonNode first = diagnose("orders.corp.example");
    JsonNode second = diagnose("orders.corp.example");
    JsonNode other = diagnose("www.other.example");

    assertThat(first.get("resolver").asText()).isEqualTo("forwarder");
    assertThat(first.get("matched_domain").asText()).isEqualTo("corp.example");
    assertThat(first.at("/entry/remote_dns_server_ip_addresses/0").asText()).isEqualTo(corp.server());
    assertThat(first.get("server").asText()).isEqualTo(corp.server());
    assertThat(first.at("/addresses/0").asText()).isEqualTo("10.20.0.5");
    assertThat(first.get("ttl_left_seconds").asLong()).isEqualTo(60);
    assertThat(first.get("from_cache").asBoolean()).isFalse();
    assertThat(second.get("from_cache").asBoolean()).isTrue();
    assertThat(other.get("resolver").asText()).isEqualTo("system");
    assertThat(other.get("matched_domain").isNull()).isTrue();
  }

  private ForwardingSettings settings() {
    return ForwardingSettings.defaults().withQueryTimeout(Duration.ofMillis(300)).withAttempts(1);
  }

  private void use(ForwardingSettings settings, DnsForwardingEntry... entries) {
    resolver = new ForwardingResolver(List.of(entries), fallback, Transport.best(), settings, clock);
  }

  private Dnsmasq start(Dnsmasq.Config config) {
    Dnsmasq d = Dnsmasq.start(config);
    servers.add(d);
    return d;
  }

  private static DnsForwardingEntry entry(List<String> domains, Dnsmasq server) {
    return new DnsForwardingEntry(domains, List.of(server.server()));
  }

  private EventLoop loop() {
    return group.next();
  }

  private InetAddress resolve(String name) throws Exception {
    return resolver.resolve(name, loop()).get(10, TimeUnit.SECONDS);
  }

  private JsonNode diagnose(String name) throws Exception {
    return JSON.readTree(resolver.diagnose(name, loop()).get(10, TimeUnit.SECONDS).toJson());
  }

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  /** Stands in for the system resolver: records what it was asked, answers one address. */
  private static final class RecordingFallback implements HostResolver {
    static final InetAddress ANSWER = InetAddress.getLoopbackAddress();
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public Future<InetAddress> resolve(String host, EventLoop loop) {
      asked.add(host);
      return loop.newSucceededFuture(ANSWER);
    }

    @Override
    public void close() {}
  }
}
