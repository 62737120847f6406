package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-client limits on a real data plane, precisely: the connection cap per address, and the
 * body deadline's two sides (a stalled body gets 408; a body arriving steadily above the minimum
 * rate is never cut, however long it takes).
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientLimitsIT {

  private static final int CAP = 5;

  private FakeUpstream origin;
  private DataPlane dp;
  private final List<Socket> sockets = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void setUp() throws IOException {
    origin = new FakeUpstream();
    ClientLimits client = ClientLimits.defaults()
        .withBody(Duration.ofMillis(800), 1024)
        .withMaxConnectionsPerAddress(CAP);
    dp = TestGateways.start(ProxyLimits.defaults().withClient(client));
    dp.apply(TestGateways.direct(origin.port(), 10_000, 0));
  }

  @AfterEach
  void tearDown() throws IOException {
    scheduler.shutdownNow();
    for (Socket s : sockets) {
      s.close();
    }
    dp.close();
    origin.close();
  }

  private Socket open(String from) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), dp.proxyPort()), 2000);
    s.setSoTimeout(5000);
    return s;
  }

  private static int get(Socket s) throws IOException {
    s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String status = FakeUpstream.readLine(s.getInputStream());
    return status == null ? -1 : Integer.parseInt(status.split(" ")[1]);
  }

  /** True when the proxy resets a new connection from 127.0.0.1, during connect or at once. */
  private boolean isRefused() {
    try {
      Socket s = open("127.0.0.1");
      s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      return s.getInputStream().read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void refusesConnectionsBeyondTheCapPerAddressOnly() throws Exception {
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < CAP; i++) {
      Socket s = open("127.0.0.1");
      assertThat(get(s)).isEqualTo(200);
      held.add(s);
    }
    assertThat(isRefused()).as("connection over the cap").isTrue();
    assertThat(get(open("127.0.0.2"))).as("another address is not affected").isEqualTo(200);
    held.get(0).close();
    await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> assertThat(get(open("127.0.0.1"))).isEqualTo(200));
    assertThat(TestMetrics.value(dp, "causeway_connections_refused_per_address")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void answersRequestTimeoutToAStalledBody() throws Exception {
    Socket s = open("127.0.0.1");
    s.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + "a".repeat(1000))
        .getBytes(StandardCharsets.ISO_8859_1));
    long start = System.nanoTime();
    String status = FakeUpstream.readLine(s.getInputStream());
    assertThat(status).startsWith("HTTP/1.1 408");
    // 0.8 s plus 1000 bytes at 1 KiB/s earned, swept every 20 ms.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(4));
    s.getInputStream().readAllBytes();
    assertThat(TestMetrics.value(dp, "causeway_client_body_timeouts")).isEqualTo(1);
  }

  @Test
  void neverCutsABodyArrivingAboveTheMinimumRate() throws Exception {
    Socket s = open("127.0.0.1");
    OutputStream out = s.getOutputStream();
    int pieces = 12;
    out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + pieces * 1024 + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    // 1 KiB every 300 ms (3.4 KiB/s) for 3.6 s: far longer than the 0.8 s body timeout.
    for (int i = 0; i < pieces; i++) {
      scheduler.schedule(() -> {
        out.write(new byte[1024]);
        return null;
      }, 300L * i, TimeUnit.MILLISECONDS);
    }
    InputStream in = s.getInputStream();
    assertThat(FakeUpstream.readLine(in)).startsWith("HTTP/1.1 200");
    assertThat(origin.last().bodyLength()).isEqualTo(pieces * 1024L);
    assertThat(TestMetrics.value(dp, "causeway_client_body_timeouts")).isZero();
  }
}
