package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data plane resolving service hosts through {@code _causeway.dns_forwarding}: names only
 * the customer's DNS server (a dnsmasq on loopback) knows.
 */
@Timeout(60)
@ExtendWith(NettyLeakGuard.class)
class DnsForwardedProxyIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private HttpClient http;

  @BeforeEach
  void setUp() {
    Dnsmasq.assumeInstalled();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    http.close();
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  @Test
  void proxiesToAServiceWhoseHostOnlyTheForwarderKnows() throws Exception {
    FakeUpstream origin = closeLater(new FakeUpstream());
    Dnsmasq dns = closeLater(Dnsmasq.start(
        Dnsmasq.zone("corp.example", 60).host("api.corp.example", "127.0.0.1")));
    DataPlane dp = closeLater(start(kongFile("api.corp.example", origin.port(), dns)));

    HttpResponse<String> response = get(dp.proxyPort(), "/api/orders");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(origin.last().target()).isEqualTo("/orders");
    JsonNode diagnostics =
        JSON.readTree(get(dp.statusPort(), "/diagnostics/resolve?name=api.corp.example").body());
    assertThat(diagnostics.get("matched_domain").asText()).isEqualTo("corp.example");
    assertThat(diagnostics.get("server").asText()).isEqualTo(dns.server());
    assertThat(diagnostics.get("addresses").get(0).asText()).isEqualTo("127.0.0.1");
    assertThat(diagnostics.get("from_cache").asBoolean()).isTrue();
    assertThat(get(dp.statusPort(), "/diagnostics/resolve").statusCode()).isEqualTo(400);
  }

  @Test
  void takesTheUpstreamPortFromSrvRecordsForAServiceShapedHost() throws Exception {
    FakeUpstream origin = closeLater(new FakeUpstream());
    Dnsmasq dns = closeLater(Dnsmasq.start(Dnsmasq.zone("corp.example", 60)
        .host("node1.corp.example", "127.0.0.1")
        .srv("_http._tcp.api.corp.example", "node1.corp.example", origin.port(), 0, 10)));
    // Port 9 in the file: only the SRV record's port reaches the origin.
    DataPlane dp = closeLater(start(kongFile("_http._tcp.api.corp.example", 9, dns)));

    assertThat(get(dp.proxyPort(), "/api/orders").statusCode()).isEqualTo(200);
    assertThat(origin.last().target()).isEqualTo("/orders");
  }

  @Test
  void answersServiceUnavailableForANameTheForwarderDoesNotKnow() throws Exception {
    Dnsmasq dns = closeLater(Dnsmasq.start(
        Dnsmasq.zone("corp.example", 60).host("api.corp.example", "127.0.0.1")));
    DataPlane dp = closeLater(start(kongFile("gone.corp.example", 9, dns)));

    assertThat(get(dp.proxyPort(), "/api/orders").statusCode()).isEqualTo(503);
    assertThat(dns.queries("gone.corp.example")).isEqualTo(1);
  }

  @Test
  void movesNewRequestsToTheNewAddressOnceTheTtlRunsOut() throws Exception {
    // One origin per loopback family on the same port: the DNS answer alone picks which.
    HttpServer v6 = closeLater(origin(InetAddress.getByName("::1"), 0, "v6"));
    int port = v6.getAddress().getPort();
    HttpServer v4 = closeLater(origin(InetAddress.getByName("127.0.0.1"), port, "v4"));
    Dnsmasq first = Dnsmasq.start(Dnsmasq.zone("corp.example", 1).host("api.corp.example", "::1"));
    DataPlane dp = closeLater(start(kongFile("api.corp.example", port, first)));
    assertThat(get(dp.proxyPort(), "/api/x").body()).isEqualTo("v6");

    first.stop();
    closeLater(first.restart(Dnsmasq.zone("corp.example", 1).host("api.corp.example", "127.0.0.1")));

    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .until(() -> get(dp.proxyPort(), "/api/x").body().equals("v4"));
    assertThat(v4.getAddress().getPort()).isEqualTo(port);
  }

  private DataPlane start(Path kongFile) throws IOException {
    return DataPlane.start(TestGateways.options().withDeclarativeConfig(kongFile),
        ProxyLimits.defaults(), 2);
  }

  private Path kongFile(String host, int port, Dnsmasq dns) throws IOException {
    Path file = dir.resolve("kong-" + System.nanoTime() + ".yaml");
    Files.writeString(file, """
        _format_version: "3.0"
        services:
        - name: orders
          url: http://%s:%d
          routes:
          - name: api
            paths: ["/api"]
        _causeway:
          dns_forwarding:
          - domain_proxy_list: [corp.example]
            remote_dns_server_ip_addresses: ["%s"]
        """.formatted(host, port, dns.server()));
    return file;
  }

  private static HttpServer origin(InetAddress address, int port, String body) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return server;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private <T> T closeLater(T resource) {
    closing.add(switch (resource) {
      case HttpServer s -> (AutoCloseable) () -> s.stop(0);
      case AutoCloseable c -> c;
      default -> throw new IllegalArgumentException("not closeable: " + resource);
    });
    return resource;
  }
}
