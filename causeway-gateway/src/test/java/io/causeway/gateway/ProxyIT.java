package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeUpstream origin;
  private DataPlane dp;
  private HttpClient http;

  @BeforeEach
  void setUp() throws IOException {
    origin = new FakeUpstream();
    dp = TestGateways.start();
    dp.apply(TestGateways.direct(origin.port()));
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void tearDown() throws IOException {
    http.close();
    dp.close();
    origin.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + dp.proxyPort() + path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void proxiesAGetWithForwardedHeadersAndWithoutHopByHopHeaders() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri("/hello/world?x=1&y=2"))
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Foo", "bar")
                .header("X-Drop-Me", "secret")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode echo = JSON.readTree(r.body());
    assertThat(echo.get("method").asText()).isEqualTo("GET");
    assertThat(echo.get("target").asText()).isEqualTo("/hello/world?x=1&y=2");
    FakeUpstream.Seen seen = origin.last();
    assertThat(seen.header("x-forwarded-for")).isEqualTo("203.0.113.9, 127.0.0.1");
    assertThat(seen.header("x-forwarded-proto")).isEqualTo("http");
    assertThat(seen.header("x-forwarded-host")).isEqualTo("127.0.0.1");
    assertThat(seen.header("x-forwarded-port")).isEqualTo(Integer.toString(dp.proxyPort()));
    assertThat(seen.header("x-real-ip")).isEqualTo("127.0.0.1");
    assertThat(seen.header("via")).isEqualTo("1.1 causeway");
    assertThat(seen.header("host")).isEqualTo("127.0.0.1:" + origin.port());
    assertThat(seen.header("foo")).isEqualTo("bar");
    assertThat(seen.header("x-causeway-request-id")).hasSize(32);
    assertThat(r.headers().firstValue("x-causeway-request-id")).contains(seen.header("x-causeway-request-id"));
    assertThat(r.headers().firstValue("via")).contains("1.1 causeway");
    assertThat(r.headers().firstValue("keep-alive")).isEmpty();
    assertThat(r.headers().firstValue("x-origin")).contains("fake");
  }

  @Test
  void removesHeadersNamedInConnection() throws Exception {
    try (RawHttp raw = new RawHttp(dp.proxyPort())) {
      raw.send("GET /h HTTP/1.1\r\nHost: a.example\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\n"
          + "Keep-Alive: timeout=5\r\nTE: trailers\r\nX-Kept: 2\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(200);
    }
    FakeUpstream.Seen seen = origin.last();
    assertThat(seen.headers()).doesNotContainKeys("x-secret", "keep-alive", "te", "connection");
    assertThat(seen.header("x-kept")).isEqualTo("2");
    assertThat(seen.header("x-forwarded-host")).isEqualTo("a.example");
  }

  @Test
  void acceptsAnAbsoluteFormTargetAndTakesTheHostFromIt() throws Exception {
    try (RawHttp raw = new RawHttp(dp.proxyPort())) {
      raw.send("GET http://Abs.Example:8080/p/q?x=1 HTTP/1.1\r\nHost: ignored.example\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(200);
      raw.send("GET http://user@abs.example/ HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(raw.read().status()).isEqualTo(400);
    }
    assertThat(origin.last().target()).isEqualTo("/p/q?x=1");
    assertThat(origin.last().header("x-forwarded-host")).isEqualTo("Abs.Example");
  }

  @Test
  void answersKongsNotFoundWhenNoRouteMatches() throws Exception {
    ServiceDef svc = TestGateways.service("origin", "127.0.0.1", origin.port(), 5000, 0);
    RouteDef only = RouteDef.of("only", svc, List.of(), List.of("/only"), List.of(), 0);
    dp.apply(GatewayConfig.of(List.of(svc), List.of(only), List.of(), List.of()));

    HttpResponse<String> r = get("/elsewhere");

    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("message").asText()).isEqualTo("no Route matched with those values");
    assertThat(body.get("request_id").asText()).isEqualTo(r.headers().firstValue("x-causeway-request-id").orElseThrow());
    assertThat(get("/only/x").statusCode()).isEqualTo(200);
  }

  @Test
  void resolvesAServiceHostNameFromTheHostsFile() throws Exception {
    // localhost comes from /etc/hosts: no DNS query leaves the machine.
    ServiceDef svc = TestGateways.service("named", "localhost", origin.port(), 5000, 0);
    RouteDef route = TestGateways.noStrip(RouteDef.of("r", svc, List.of(), List.of("/"), List.of(), 0));
    dp.apply(GatewayConfig.of(List.of(svc), List.of(route), List.of(), List.of()));
    assertThat(get("/named").statusCode()).isEqualTo(200);
    assertThat(origin.last().header("host")).isEqualTo("localhost:" + origin.port());
  }

  @Test
  void reusesUpstreamConnectionsAcrossRequests() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(get("/n/" + i).statusCode()).isEqualTo(200);
    }
    assertThat(origin.connections()).isEqualTo(1);
  }

  @Test
  void aConnectionLeasedWhileThePoolSweepsItsEmptyIdleListIsStillReusedAfterwards() throws Exception {
    assertThat(get("/n/first").statusCode()).isEqualTo(200);
    // Longer than the pool's 5 s sweep: the connection is leased, its idle list empty and dropped.
    assertThat(get("/slow/6000").statusCode()).isEqualTo(200);
    assertThat(get("/n/after-1").statusCode()).isEqualTo(200);
    assertThat(get("/n/after-2").statusCode()).isEqualTo(200);
    assertThat(origin.connections()).isEqualTo(1);
  }

  @Test
  void opensANewUpstreamConnectionAfterTheOriginClosedOne() throws Exception {
    assertThat(get("/close").statusCode()).isEqualTo(200);
    assertThat(get("/after").statusCode()).isEqualTo(200);
    assertThat(origin.connections()).isEqualTo(2);
  }

  @Test
  void returnsBadGatewayWhenUpstreamRefusesConnection() throws Exception {
    int dead = closedPort();
    dp.apply(TestGateways.direct(dead, 5000, 2));

    HttpResponse<String> r = get("/x");

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(JSON.readTree(r.body()).get("request_id").asText()).hasSize(32);
  }

  @Test
  void returnsBadGatewayWhenUpstreamResetsTheConnection() throws Exception {
    dp.apply(TestGateways.direct(origin.port(), 5000, 0));
    assertThat(get("/reset").statusCode()).isEqualTo(502);
  }

  @Test
  void returnsBadGatewayWhenUpstreamSendsGarbage() throws Exception {
    dp.apply(TestGateways.direct(origin.port(), 5000, 0));
    assertThat(get("/garbage").statusCode()).isEqualTo(502);
  }

  @Test
  void returnsBadGatewayAtOnceWhenUpstreamSendsABadLineAndThenStalls() throws Exception {
    // A read timeout far away: waiting for the rest of the head would answer 504, and late.
    dp.apply(TestGateways.direct(origin.port(), 30_000, 0));
    for (String path : List.of("/bad-line-then-stall", "/alien-then-stall")) {
      long start = System.nanoTime();
      assertThat(get(path).statusCode()).as(path).isEqualTo(502);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as(path).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void returnsGatewayTimeoutWhenUpstreamStalls() throws Exception {
    dp.apply(TestGateways.direct(origin.port(), 300, 3));
    long start = System.nanoTime();

    HttpResponse<String> r = get("/stall");

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("The upstream server is timing out");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 5000L);
  }

  @Test
  void retriesIdempotentRequestsOnAnotherTargetWhenTheConnectionFails() throws Exception {
    int dead = closedPort();
    UpstreamDef up = UpstreamDef.of("pool.internal", List.of(
        TargetDef.of("pool.internal", "127.0.0.1", dead, 100),
        TargetDef.of("pool.internal", "127.0.0.1", origin.port(), 100)));
    ServiceDef svc = TestGateways.service("svc", "pool.internal", 80, 5000, 3);
    RouteDef route = TestGateways.noStrip(RouteDef.of("r", svc, List.of(), List.of("/"), List.of(), 0));
    dp.apply(GatewayConfig.of(List.of(svc), List.of(route), List.of(up), List.of()));

    for (int i = 0; i < 6; i++) {
      assertThat(get("/rr/" + i).statusCode()).isEqualTo(200);
    }
    assertThat(origin.seen()).hasSize(6);
    assertThat(origin.last().header("host")).isEqualTo("pool.internal");
  }

  @Test
  void streamsA64MiBUploadAndDownloadWithBoundedMemory() throws Exception {
    long size = 64L * 1024 * 1024;
    byte[] block = FakeUpstream.pattern(65536);
    CRC32 sent = new CRC32();
    for (long i = 0; i < size / block.length; i++) {
      sent.update(block);
    }
    HttpRequest upload =
        HttpRequest.newBuilder(uri("/upload"))
            .POST(HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> repeating(block, size)), size))
            .build();
    JsonNode echo = JSON.readTree(http.send(upload, HttpResponse.BodyHandlers.ofString()).body());
    assertThat(echo.get("body_length").asLong()).isEqualTo(size);
    assertThat(echo.get("body_crc32").asLong()).isEqualTo(sent.getValue());

    HttpResponse<InputStream> down =
        http.send(HttpRequest.newBuilder(uri("/big/" + size)).build(), HttpResponse.BodyHandlers.ofInputStream());
    CRC32 got = new CRC32();
    long total = 0;
    try (InputStream in = down.body()) {
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        got.update(buf, 0, n);
        total += n;
      }
    }
    assertThat(total).isEqualTo(size);
    CRC32 expected = new CRC32();
    for (long i = 0; i < size / block.length; i++) {
      expected.update(block);
    }
    assertThat(got.getValue()).isEqualTo(expected.getValue());
  }

  @Test
  void streamsChunkedRequestBodies() throws Exception {
    try (RawHttp raw = new RawHttp(dp.proxyPort())) {
      raw.send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("body_length").asLong()).isEqualTo(11);
    }
    assertThat(origin.last().header("transfer-encoding")).isEqualTo("chunked");
  }

  @Test
  void relaysExpectContinue() throws Exception {
    try (RawHttp raw = new RawHttp(dp.proxyPort())) {
      raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      RawHttp.Response interim = raw.read();
      assertThat(interim.status()).isEqualTo(100);
      raw.send("hello");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("body_length").asLong()).isEqualTo(5);
    }
  }

  @Test
  void servesPipelinedRequestsInOrder() throws Exception {
    try (RawHttp raw = new RawHttp(dp.proxyPort())) {
      raw.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(JSON.readTree(raw.read().body()).get("target").asText()).isEqualTo("/one");
      assertThat(JSON.readTree(raw.read().body()).get("target").asText()).isEqualTo("/two");
    }
  }

  @Test
  void passesWebsocketUpgradesThroughAsRawBytes() throws Exception {
    try (RawHttp raw = new RawHttp(dp.proxyPort())) {
      raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      RawHttp.Response r = raw.read();
      assertThat(r.status()).isEqualTo(101);
      assertThat(r.headers().get("upgrade")).isEqualToIgnoringCase("websocket");
      raw.send("\u0081\u0005hello-not-http\r\n\r\n");
      byte[] back = raw.input().readNBytes("\u0081\u0005hello-not-http\r\n\r\n".length());
      assertThat(new String(back, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("\u0081\u0005hello-not-http\r\n\r\n");
    }
    assertThat(origin.last().header("upgrade")).isEqualTo("websocket");
  }

  @Test
  void servesH2cByUpgradeAndRelaysToHttp1Upstream() throws Exception {
    try (HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = h2.send(
            HttpRequest.newBuilder(uri("/h2/" + i)).POST(HttpRequest.BodyPublishers.ofString("abc")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode echo = JSON.readTree(r.body());
        assertThat(echo.get("target").asText()).isEqualTo("/h2/" + i);
        assertThat(echo.get("body_length").asLong()).isEqualTo(3);
        if (i > 0) {
          assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
      }
    }
    assertThat(origin.last().headers()).doesNotContainKeys("x-http2-stream-id", "x-http2-scheme");
  }

  @Test
  void proxiesALargeFirstRequestOfAnH2cClientWithoutBufferingIt() throws Exception {
    byte[] body = FakeUpstream.pattern(200 * 1024);
    try (HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
      HttpResponse<String> r = h2.send(
          HttpRequest.newBuilder(uri("/large-first")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("body_length").asInt()).isEqualTo(body.length);
    }
  }

  @Test
  void handlesHeadRequestsWithoutBodies() throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(uri("/big/1000")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(get("/after-head").statusCode()).isEqualTo(200);
  }

  private static InputStream repeating(byte[] block, long size) {
    AtomicLong left = new AtomicLong(size);
    return new InputStream() {
      private int pos;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left.get() == 0) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, block.length - pos), left.get());
        System.arraycopy(block, pos, b, off, n);
        pos = (pos + n) % block.length;
        left.addAndGet(-n);
        return n;
      }
    };
  }

  static int closedPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

}
