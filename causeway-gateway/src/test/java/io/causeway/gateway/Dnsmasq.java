package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real dnsmasq (Debian's {@code dnsmasq-base}) on 127.0.0.1 and a free port, authoritative for
 * the zones it is given: answers carry the configured TTL, and NXDOMAIN/NODATA carry the zone's
 * SOA whose minimum is that same TTL. Every query is logged, so tests count them. Stop it in
 * {@code @AfterEach}.
 */
final class Dnsmasq implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

  private final Config config;
  private final int port;
  private final Path log;
  private Process process;

  private Dnsmasq(Config config, int port, Path log) {
    this.config = config;
    this.port = port;
    this.log = log;
  }

  /** Skips the test loudly when dnsmasq is missing, unless CAUSEWAY_REQUIRE_DNSMASQ=1. */
  static void assumeInstalled() {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String message = BINARY + " not found: install Debian's dnsmasq-base to run the DNS tests";
    if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_DNSMASQ"))) {
      throw new AssertionError(message);
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
  }

  static Config zone(String zone, int ttlSeconds) {
    return new Config(List.of(zone), ttlSeconds, List.of(), List.of(), List.of());
  }

  /** What dnsmasq serves; immutable, so a restart can serve the same or different records. */
  record Config(List<String> zones, int ttlSeconds, List<String> hosts, List<String> cnames,
      List<String> srvs) {
    Config {
      zones = List.copyOf(zones);
      hosts = List.copyOf(hosts);
      cnames = List.copyOf(cnames);
      srvs = List.copyOf(srvs);
    }

    Config zone(String zone) {
      List<String> z = new ArrayList<>(zones);
      z.add(zone);
      return new Config(z, ttlSeconds, hosts, cnames, srvs);
    }

    /** One name with one or more addresses (IPv4 and/or IPv6); one record line per address. */
    Config host(String name, String... addresses) {
      List<String> h = new ArrayList<>(hosts);
      for (String address : addresses) {
        h.add(name + "," + address);
      }
      return new Config(zones, ttlSeconds, h, cnames, srvs);
    }

    Config cname(String alias, String target) {
      List<String> c = new ArrayList<>(cnames);
      c.add(alias + "," + target);
      return new Config(zones, ttlSeconds, hosts, c, srvs);
    }

    /** An SRV record, e.g. {@code _http._tcp.api.corp.example -> h.corp.example:8080}. */
    Config srv(String name, String target, int port, int priority, int weight) {
      List<String> v = new ArrayList<>(srvs);
      v.add(name + "," + target + "," + port + "," + priority + "," + weight);
      return new Config(zones, ttlSeconds, hosts, cnames, v);
    }

    Config ttl(int seconds) {
      return new Config(zones, seconds, hosts, cnames, srvs);
    }
  }

  static Dnsmasq start(Config config) {
    assumeInstalled();
    // A port can be taken between the probe and dnsmasq's bind; try a few.
    for (int attempt = 0; ; attempt++) {
      Dnsmasq d = new Dnsmasq(config, freePort(), tempLog());
      if (d.launch() || attempt == 4) {
        assertThat(d.process.isAlive()).as("dnsmasq started, log:\n%s", d.logText()).isTrue();
        return d;
      }
    }
  }

  /** Starts a new dnsmasq on this one's port (stop this one first), serving {@code next}. */
  Dnsmasq restart(Config next) {
    Dnsmasq d = new Dnsmasq(next, port, tempLog());
    assertThat(d.launch()).as("dnsmasq restarted on %s, log:\n%s", port, d.logText()).isTrue();
    return d;
  }

  private boolean launch() {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--no-daemon",
        "--keep-in-foreground", "--no-resolv", "--no-hosts", "--bind-interfaces",
        "--listen-address=127.0.0.1", "--port=" + port, "--log-queries", "--log-facility=-",
        "--pid-file=", "--auth-server=ns." + config.zones().get(0) + ",127.0.0.1",
        "--auth-ttl=" + config.ttlSeconds(), "--local-ttl=" + config.ttlSeconds()));
    config.zones().forEach(z -> cmd.add("--auth-zone=" + z));
    config.hosts().forEach(h -> cmd.add("--host-record=" + h));
    config.cnames().forEach(c -> cmd.add("--cname=" + c));
    config.srvs().forEach(v -> cmd.add("--srv-host=" + v));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await().atMost(Duration.ofSeconds(10)).until(
        () -> !process.isAlive() || logText().contains("started, version"));
    return process.isAlive();
  }

  int port() {
    return port;
  }

  /** The server as the forwarding table names it. */
  String server() {
    return "127.0.0.1:" + port;
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** Queries dnsmasq has logged for {@code name} (any type). */
  int queries(String name) {
    Matcher m = Pattern.compile("(?:query|auth)\\[[A-Z]+\\] " + Pattern.quote(name) + " from")
        .matcher(logText());
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file; the OS cleans up
    }
  }

  /** A port free for both UDP and TCP on 127.0.0.1 right now. */
  static int freePort() {
    for (int i = 0; i < 20; i++) {
      try (DatagramSocket udp = new DatagramSocket(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        int port = udp.getLocalPort();
        try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          return tcp.getLocalPort();
        } catch (IOException taken) {
          // the TCP side is busy; probe another
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free UDP+TCP port on 127.0.0.1");
  }

  private static Path tempLog() {
    try {
      return Files.createTempFile("dnsmasq", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
