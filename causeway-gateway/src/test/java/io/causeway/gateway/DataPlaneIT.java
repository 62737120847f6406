package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The data plane as a whole: status listener, reloads, TLS, access log, graceful close. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataPlaneIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private FakeUpstream origin;
  private HttpClient http;

  @BeforeEach
  void setUp() throws IOException {
    origin = new FakeUpstream();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void tearDown() throws IOException {
    http.close();
    origin.close();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Path kongFile(String name, int port) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, """
        _format_version: "3.0"
        services:
        - name: origin
          url: http://127.0.0.1:%d
          routes:
          - name: api
            paths: ["/api"]
        """.formatted(port));
    return file;
  }

  @Test
  void statusReportsReadinessOnlyOnceAConfigurationIsLoadedAndExposesMetrics() throws Exception {
    try (DataPlane dp = TestGateways.start()) {
      assertThat(get(dp.statusPort(), "/status/ready").statusCode()).isEqualTo(503);
      dp.apply(TestGateways.direct(origin.port()));
      assertThat(get(dp.statusPort(), "/status/ready").statusCode()).isEqualTo(200);
      assertThat(get(dp.proxyPort(), "/x").statusCode()).isEqualTo(200);

      JsonNode status = JSON.readTree(get(dp.statusPort(), "/status").body());
      assertThat(status.get("configuration_hash").asText()).isEqualTo(dp.configHash()).hasSize(64);
      assertThat(status.get("server").get("total_requests").asLong()).isEqualTo(1);

      String metrics = get(dp.statusPort(), "/metrics").body();
      assertThat(metrics)
          .contains("causeway_http_requests_total{route=\"all\",service=\"origin\",status_class=\"2xx\"} 1")
          .contains("causeway_http_responses_total{service=\"origin\",status=\"200\"} 1")
          .contains("causeway_http_request_duration_seconds_count{service=\"origin\"} 1");
      assertThat(metrics).contains("causeway_connections_active");
      assertThat(get(dp.statusPort(), "/nope").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void writesTheBoundPortsToEndpointsJson() throws Exception {
    DataPlaneOptions options = TestGateways.options().withDataDir(dir.resolve("dp"));
    try (DataPlane dp = DataPlane.start(options, ProxyLimits.defaults(), 1)) {
      JsonNode endpoints = JSON.readTree(dir.resolve("dp/endpoints.json").toFile());
      assertThat(endpoints.get("proxy_port").asInt()).isEqualTo(dp.proxyPort()).isPositive();
      assertThat(endpoints.get("status_port").asInt()).isEqualTo(dp.statusPort()).isPositive();
    }
  }

  @Test
  void reloadAppliesAValidFileAndKeepsTheOldConfigurationWhenTheNewOneIsBad() throws Exception {
    Path file = kongFile("kong.yaml", origin.port());
    DataPlaneOptions options = TestGateways.options().withDeclarativeConfig(file);
    try (DataPlane dp = DataPlane.start(options, ProxyLimits.defaults(), 1)) {
      assertThat(get(dp.proxyPort(), "/api/x").statusCode()).isEqualTo(200);
      assertThat(origin.last().target()).isEqualTo("/x");
      String before = dp.configHash();

      Files.writeString(file, "_format_version: \"3.0\"\nplugins:\n- name: rate-limiting\n");
      ReloadResult bad = dp.reload();
      assertThat(bad).isInstanceOf(ReloadResult.Rejected.class);
      assertThat(((ReloadResult.Rejected) bad).problems()).isNotEmpty();
      assertThat(dp.configHash()).isEqualTo(before);
      assertThat(get(dp.proxyPort(), "/api/y").statusCode()).isEqualTo(200);

      Files.writeString(file, "_format_version: \"3.0\"\n");
      ReloadResult good = dp.reload();
      assertThat(good).isInstanceOf(ReloadResult.Applied.class);
      assertThat(dp.configHash()).isNotEqualTo(before).isEqualTo(((ReloadResult.Applied) good).configHash());
      assertThat(get(dp.proxyPort(), "/api/z").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void reloadWithoutADeclarativeFileSaysSo() throws Exception {
    try (DataPlane dp = TestGateways.start()) {
      assertThat(dp.reload()).isInstanceOf(ReloadResult.NoDeclarativeConfig.class);
    }
  }

  @Test
  void servesHttpsWithAlpnForHttp2AndHttp1() throws Exception {
    Path cert = resource("tls/cert.pem");
    Path key = resource("tls/key.pem");
    DataPlaneOptions options = TestGateways.options().withProxy("127.0.0.1", 0, 0).withTls(cert, key);
    try (DataPlane dp = DataPlane.start(options, ProxyLimits.defaults(), 1)) {
      dp.apply(TestGateways.direct(origin.port()));
      SSLContext ssl = trusting(cert);
      for (HttpClient.Version v : new HttpClient.Version[] {HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1}) {
        try (HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(v).build()) {
          HttpResponse<String> r = client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + dp.proxyTlsPort() + "/secure"))
                  .POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.version()).isEqualTo(v);
          assertThat(JSON.readTree(r.body()).get("body_length").asInt()).isEqualTo(2);
          assertThat(origin.last().header("x-forwarded-proto")).isEqualTo("https");
        }
      }
    }
  }

  @Test
  void passesWebsocketUpgradesThroughOverTls() throws Exception {
    Path cert = resource("tls/cert.pem");
    DataPlaneOptions options = TestGateways.options().withProxy("127.0.0.1", 0, 0).withTls(cert, resource("tls/key.pem"));
    try (DataPlane dp = DataPlane.start(options, ProxyLimits.defaults(), 1);
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) trusting(cert).getSocketFactory()
            .createSocket("127.0.0.1", dp.proxyTlsPort())) {
      dp.apply(TestGateways.direct(origin.port()));
      s.setSoTimeout(10_000);
      var out = s.getOutputStream();
      out.write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.flush();
      var in = new java.io.BufferedInputStream(s.getInputStream());
      assertThat(FakeUpstream.readLine(in)).startsWith("HTTP/1.1 101");
      while (!FakeUpstream.readLine(in).isEmpty()) {
        // headers
      }
      out.write("ping over tls".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(new String(in.readNBytes(13), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("ping over tls");
    }
  }

  @Test
  void writesOneJsonAccessLogLinePerRequest() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("causeway.access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (DataPlane dp = TestGateways.start()) {
      dp.apply(TestGateways.direct(origin.port()));
      HttpResponse<String> r = get(dp.proxyPort(), "/logged?q=1");
      String id = r.headers().firstValue("x-causeway-request-id").orElseThrow();
      await().atMost(Duration.ofSeconds(5)).until(() -> lines.list.stream().anyMatch(e -> e.getFormattedMessage().contains(id)));
      JsonNode line = JSON.readTree(lines.list.stream()
          .filter(e -> e.getFormattedMessage().contains(id)).findFirst().orElseThrow().getFormattedMessage());
      assertThat(line.get("method").asText()).isEqualTo("GET");
      assertThat(line.get("path").asText()).isEqualTo("/logged");
      assertThat(line.get("route").asText()).isEqualTo("all");
      assertThat(line.get("service").asText()).isEqualTo("origin");
      assertThat(line.get("upstream").asText()).isEqualTo("127.0.0.1:" + origin.port());
      assertThat(line.get("status").asInt()).isEqualTo(200);
      assertThat(line.get("latencies").get("request").asDouble()).isPositive();
      assertThat(line.get("thread")).isNull();
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void closeLetsAnInFlightRequestFinish() throws Exception {
    DataPlane dp = TestGateways.start();
    dp.apply(TestGateways.direct(origin.port()));
    CompletableFuture<HttpResponse<InputStream>> slow = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dp.proxyPort() + "/big/" + (8 * 1024 * 1024))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> response = slow.get(10, TimeUnit.SECONDS);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(dp::close);
    long n;
    try (InputStream in = response.body()) {
      n = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    closing.get(20, TimeUnit.SECONDS);
    assertThat(n).isEqualTo(8 * 1024 * 1024);
  }

  private static Path resource(String name) throws Exception {
    return Path.of(DataPlaneIT.class.getClassLoader().getResource(name).toURI());
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      ks.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
