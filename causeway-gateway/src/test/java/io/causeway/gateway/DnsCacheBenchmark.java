package io.causeway.gateway;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A warm lookup through the forwarding resolver: what every proxied request to a forwarded name
 * pays once the cache holds it (table match, cache hit, round-robin pick). A real dnsmasq fills
 * the cache once in setup; its TTL is an hour, so no query happens while measuring. Run with
 * {@code bench/dns-cache-bench.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DnsCacheBenchmark {

  private Dnsmasq dns;
  private EventLoopGroup group;
  private EventLoop loop;
  private ForwardingResolver resolver;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dns = Dnsmasq.start(Dnsmasq.zone("corp.example", 3600)
        .zone("eu.corp.example")
        .host("api.corp.example", "10.20.0.1", "10.20.0.2", "10.20.0.3")
        .host("orders.eu.corp.example", "10.21.0.1"));
    group = Transport.best().newGroup(1, new DefaultThreadFactory("bench"));
    loop = group.next();
    List<DnsForwardingEntry> table = List.of(
        new DnsForwardingEntry(List.of("corp.example", "lab.example"), List.of(dns.server())),
        new DnsForwardingEntry(List.of("eu.corp.example"), List.of(dns.server())),
        new DnsForwardingEntry(List.of("partner.example"), List.of("127.0.0.1:1")));
    resolver = new ForwardingResolver(table, new SystemHostResolver(Transport.best()),
        Transport.best(), ForwardingSettings.defaults(), Clock.systemUTC());
    resolver.resolve("api.corp.example", loop).get(5, TimeUnit.SECONDS);
    resolver.resolve("orders.eu.corp.example", loop).get(5, TimeUnit.SECONDS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    resolver.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    dns.close();
  }

  @Benchmark
  public InetAddress cachedLookupOfANameWithThreeAddresses() {
    return resolver.resolve("api.corp.example", loop).getNow();
  }

  @Benchmark
  public InetAddress cachedLookupUnderTheLongerOfTwoMatchingDomains() {
    return resolver.resolve("orders.eu.corp.example", loop).getNow();
  }

  @Benchmark
  public InetAddress ipLiteral() {
    return resolver.resolve("10.20.0.1", loop).getNow();
  }
}
