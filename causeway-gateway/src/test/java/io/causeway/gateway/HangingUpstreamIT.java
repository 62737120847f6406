package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #10, "a data plane whose upstream hangs frees its resources at the configured timeouts".
 * A real data plane on loopback sends 200 concurrent clients (25 large uploads for the
 * write_timeout case, see {@link #UPLOADERS}) to an origin that hangs in one of four ways: it
 * accepts and never answers (read_timeout), answers the head and stalls the body (read_timeout,
 * mid-response), never reads the request body (write_timeout), or never accepts because its
 * accept queue is full (connect_timeout). Every client must get its answer within
 * {@code timeout × 3 + 2 s}, and afterwards the data plane must hold nothing: the origin sees each
 * of its connections closed, the open downstream connections, requests in flight and upstream
 * connections return to what they were before, Netty's paranoid leak detector reports nothing,
 * and a healthy origin behind the same data plane is served normally, during the hang and after.
 *
 * <p>Only loopback is used. Bounds are generous on purpose (a loaded 2-core CI machine): they
 * catch a timeout that never fires, not one that fires a little late.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HangingUpstreamIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static final int CLIENTS = 200;
  private static final int CONNECT_TIMEOUT_MS = 500;
  private static final int WRITE_TIMEOUT_MS = 1500;
  private static final int READ_TIMEOUT_MS = 1000;

  /** What the stalling origin announces, and the part of it that it sends before stalling. */
  private static final int ANNOUNCED_BODY = 100_000;
  private static final int SENT_BODY = 1000;

  /**
   * Uploaders for the write_timeout case. write_timeout, like nginx's proxy_send_timeout, counts
   * from the last write the kernel took, and Linux grows the proxy's send buffer towards the peer
   * up to tcp_wmem's maximum (4 MiB) before a write stalls: 200 uploads of this size pinned over
   * 1 GiB of kernel socket memory on a 2-core CI machine and took more than 5 s to fill, which
   * measures the kernel, not the proxy. 25 keep the case concurrent and the fill well under a second.
   */
  private static final int UPLOADERS = 25;

  /** More than the proxy's upstream send buffer (at most 4 MiB) absorbs once the origin stops reading. */
  private static final long UPLOAD_BYTES = 16L << 20;
  private static final byte[] UPLOAD_CHUNK = new byte[64 * 1024];

  private FakeUpstream healthy;
  private DataPlane dp;

  @BeforeEach
  void setUp() throws IOException {
    healthy = new FakeUpstream();
    dp = TestGateways.start();
  }

  @AfterEach
  void tearDown() throws IOException {
    dp.close();
    healthy.close();
  }

  @Test
  void anUpstreamThatAcceptsAndNeverAnswersGivesEveryClientA504AtTheReadTimeout() throws Exception {
    try (HangingOrigin origin = new HangingOrigin(HangingOrigin.Mode.SILENT)) {
      routeTo(origin.port());
      Held before = held();

      List<Outcome> outcomes = burst(CLIENTS, i -> get("/hang/silent/" + i, bound(READ_TIMEOUT_MS)), origin::accepted);

      assertThat(outcomes).allSatisfy(o -> {
        assertThat(o.failure()).as("client failure").isNull();
        assertThat(o.status()).isEqualTo(504);
        assertThat(o.complete()).isTrue();
        assertThat(o.millis()).isBetween((long) READ_TIMEOUT_MS, bound(READ_TIMEOUT_MS));
      });
      assertOriginSawEveryConnectionClosed(origin, CLIENTS);
      assertNothingHeld(before);
      assertHealthyServed();
    }
  }

  @Test
  void anUpstreamThatStallsMidBodyHasEveryResponseCutAtTheReadTimeout() throws Exception {
    try (HangingOrigin origin = new HangingOrigin(HangingOrigin.Mode.HEAD_THEN_STALL)) {
      routeTo(origin.port());
      Held before = held();

      List<Outcome> outcomes = burst(CLIENTS, i -> get("/hang/body/" + i, bound(READ_TIMEOUT_MS)), origin::accepted);

      // The head is already with the client, so the only signal left is closing the connection
      // before the announced length (HTTP/1.1 has no other way to say a response was cut).
      assertThat(outcomes).allSatisfy(o -> {
        assertThat(o.failure()).as("client failure").isNull();
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.complete()).as("response complete").isFalse();
        assertThat(o.bodyBytes()).isLessThan(ANNOUNCED_BODY);
        assertThat(o.millis()).isBetween((long) READ_TIMEOUT_MS, bound(READ_TIMEOUT_MS));
      });
      assertOriginSawEveryConnectionClosed(origin, CLIENTS);
      assertNothingHeld(before);
      assertHealthyServed();
    }
  }

  @Test
  void anUpstreamThatNeverReadsTheRequestBodyGivesEveryClientA504AtTheWriteTimeout() throws Exception {
    try (HangingOrigin origin = new HangingOrigin(HangingOrigin.Mode.NEVER_READS_BODY)) {
      routeTo(origin.port());
      Held before = held();

      List<Outcome> outcomes =
          burst(UPLOADERS, i -> upload("/hang/upload/" + i, bound(WRITE_TIMEOUT_MS)), origin::accepted);

      assertThat(outcomes).allSatisfy(o -> {
        assertThat(o.failure()).as("client failure").isNull();
        assertThat(o.status()).isEqualTo(504);
        assertThat(o.complete()).isTrue();
        assertThat(o.millis()).isBetween((long) WRITE_TIMEOUT_MS, bound(WRITE_TIMEOUT_MS));
      });
      // Only now does the origin read on: what the proxy left in its buffers, then the close.
      origin.release();
      assertOriginSawEveryConnectionClosed(origin, UPLOADERS);
      assertNothingHeld(before);
      assertHealthyServed();
    }
  }

  @Test
  void anUpstreamWhoseAcceptQueueIsFullGivesEveryClientA504AtTheConnectTimeout() throws Exception {
    try (FullBacklog origin = new FullBacklog()) {
      routeTo(origin.port());
      Held before = held();

      List<Outcome> outcomes =
          burst(CLIENTS, i -> get("/hang/connect/" + i, bound(CONNECT_TIMEOUT_MS)), () -> CLIENTS);

      assertThat(outcomes).allSatisfy(o -> {
        assertThat(o.failure()).as("client failure").isNull();
        assertThat(o.status()).isEqualTo(504);
        assertThat(o.complete()).isTrue();
        assertThat(o.millis()).isBetween((long) CONNECT_TIMEOUT_MS, bound(CONNECT_TIMEOUT_MS));
      });
      // Whatever the listener still has queued (its fillers, any handshake that completed late)
      // must be closed by its client: the proxy keeps no half-open connection to it.
      assertThat(origin.drainUnclosed()).as("queued connections left open").isZero();
      assertNothingHeld(before);
      assertHealthyServed();
    }
  }

  // ---- the data plane -------------------------------------------------------------------------

  /** {@code /hang} goes to the hanging origin; {@code /close} to the healthy one. */
  private void routeTo(int hangingPort) throws Exception {
    ServiceDef hanging = new ServiceDef(
        GatewayConfig.nameBasedId("services", "hanging"),
        Optional.of("hanging"),
        ServiceDef.Protocol.HTTP,
        "127.0.0.1",
        hangingPort,
        Optional.empty(),
        CONNECT_TIMEOUT_MS,
        WRITE_TIMEOUT_MS,
        READ_TIMEOUT_MS,
        0,
        true,
        Optional.empty(),
        List.of());
    // The healthy route's path makes FakeUpstream answer with Connection: close, so the pool
    // keeps no idle connection after a check and the upstream count's baseline stays exact.
    ServiceDef ok = TestGateways.service("healthy", "127.0.0.1", healthy.port(), 10_000, 0);
    RouteDef hang = TestGateways.noStrip(RouteDef.of("hang", hanging, List.of(), List.of("/hang"), List.of(), 0));
    RouteDef close = TestGateways.noStrip(RouteDef.of("healthy", ok, List.of(), List.of("/close"), List.of(), 1));
    dp.apply(GatewayConfig.of(List.of(hanging, ok), List.of(hang, close), List.of(), List.of()));
    assertHealthyServed();
  }

  /** What the data plane holds: downstream connections, requests in flight, upstream connections. */
  private record Held(long downstream, long inFlight, long upstream) {}

  private Held held() throws Exception {
    long upstream;
    try (HttpClient http = HttpClient.newHttpClient()) {
      String status = http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dp.statusPort() + "/status")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
      upstream = JSON.readTree(status).path("server").path("upstream_connections").asLong(-1);
    }
    return new Held(
        TestMetrics.value(dp, "causeway_connections_active"),
        TestMetrics.value(dp, "causeway_requests_in_flight"),
        upstream);
  }

  private void assertNothingHeld(Held before) {
    await("the data plane returns to its baseline")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(held()).isEqualTo(before));
  }

  private void assertHealthyServed() throws IOException {
    try (RawHttp c = new RawHttp(dp.proxyPort())) {
      RawHttp.Response r = c.send("GET /close-check HTTP/1.1\r\nHost: healthy.test\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().get("x-origin")).isEqualTo("fake");
      assertThat(JSON.readTree(r.body()).path("target").asText()).isEqualTo("/close-check");
    }
  }

  private static void assertOriginSawEveryConnectionClosed(HangingOrigin origin, int clients) {
    // Retries are off: one upstream connection per client, each closed by the proxy.
    assertThat(origin.accepted()).isEqualTo(clients);
    await("the origin sees every connection closed")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(origin.closed()).isEqualTo(clients));
  }

  private static long bound(int timeoutMs) {
    return timeoutMs * 3L + 2000;
  }

  // ---- clients --------------------------------------------------------------------------------

  /**
   * How one client's exchange ended. {@code status} is -1 without a response head; {@code
   * complete} says the body reached its Content-Length; {@code failure} is null when the client
   * saw an answer or the proxy closing, and names a client-side timeout or error otherwise.
   */
  private record Outcome(int status, long bodyBytes, boolean complete, String failure, long millis) {}

  private interface Client {
    Outcome run(int i) throws Exception;
  }

  private interface Count {
    int get();
  }

  /**
   * Runs {@code count} clients at once; while the hanging origin holds their requests (once it
   * has them all, or as soon as one client has its answer), checks that the healthy origin is
   * still served.
   */
  private List<Outcome> burst(int count, Client client, Count reachedOrigin) throws Exception {
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(clients.submit((Callable<Outcome>) () -> client.run(n)));
      }
      await("the hanging origin holds every request")
          .atMost(Duration.ofSeconds(20))
          .until(() -> reachedOrigin.get() >= count || futures.stream().anyMatch(Future::isDone));
      assertHealthyServed();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get());
      }
      return outcomes;
    }
  }

  private Outcome get(String path, long boundMs) throws IOException {
    long start = System.nanoTime();
    try (Socket s = connect(boundMs)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: hanging.test\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return readResponse(s, start);
    }
  }

  /** A POST whose body the origin never takes: the proxy's upstream write stalls. */
  private Outcome upload(String path, long boundMs) throws IOException {
    long start = System.nanoTime();
    try (Socket s = connect(boundMs)) {
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: hanging.test\r\nContent-Type: application/octet-stream\r\n"
              + "Content-Length: " + UPLOAD_BYTES + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // The body goes out on its own thread: the answer comes while the client is still sending.
      Thread.ofVirtual().start(() -> {
        try {
          for (long sent = 0; sent < UPLOAD_BYTES; sent += UPLOAD_CHUNK.length) {
            out.write(UPLOAD_CHUNK);
          }
          out.flush();
        } catch (IOException e) {
          // The proxy answered and closed; the reader has what matters.
        }
      });
      return readResponse(s, start);
    }
  }

  private Socket connect(long boundMs) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(LOOPBACK, dp.proxyPort()), (int) boundMs);
    s.setSoTimeout((int) boundMs);
    return s;
  }

  private static Outcome readResponse(Socket s, long start) {
    int status = -1;
    long body = 0;
    long length = -1;
    try {
      InputStream in = new BufferedInputStream(s.getInputStream());
      String line = FakeUpstream.readLine(in);
      if (line == null) {
        return outcome(-1, 0, false, "closed before a response", start);
      }
      status = Integer.parseInt(line.split(" ")[1]);
      while ((line = FakeUpstream.readLine(in)) != null && !line.isEmpty()) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
      byte[] buf = new byte[8192];
      // Reads to the announced end, or (no Content-Length, or cut short) to the proxy's close.
      while (length < 0 || body < length) {
        int want = length < 0 ? buf.length : (int) Math.min(buf.length, length - body);
        int r = in.read(buf, 0, want);
        if (r < 0) {
          break;
        }
        body += r;
      }
      return outcome(status, body, length >= 0 && body == length, null, start);
    } catch (SocketTimeoutException e) {
      return outcome(status, body, false, "client read timed out: no answer or close within the bound", start);
    } catch (IOException e) {
      // A reset after the head is the proxy cutting the response: a close, not a client failure.
      String failure = status < 0 ? e.toString() : null;
      return outcome(status, body, false, failure, start);
    }
  }

  private static Outcome outcome(int status, long body, boolean complete, String failure, long start) {
    return new Outcome(status, body, complete, failure, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  // ---- hanging origins ------------------------------------------------------------------------

  /**
   * An HTTP/1.1 origin on loopback that reads each request head and then hangs as its mode says.
   * It counts the connections it accepted and those its peer (the proxy) closed; every thread
   * keeps reading to end of stream so a close is seen whenever it happens.
   */
  private static final class HangingOrigin implements AutoCloseable {

    enum Mode {
      /** Never answers. */
      SILENT,
      /** Answers the head and part of the body, then nothing. */
      HEAD_THEN_STALL,
      /** Never reads the request body until released. */
      NEVER_READS_BODY
    }

    private final Mode mode;
    private final ServerSocket server = new ServerSocket();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

    HangingOrigin(Mode mode) throws IOException {
      this.mode = mode;
      // Inherited by accepted sockets: a small window makes the proxy's upstream write stall soon.
      server.setReceiveBufferSize(4096);
      server.bind(new InetSocketAddress(LOOPBACK, 0), CLIENTS * 2);
      Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
      return server.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    int closed() {
      return closed.get();
    }

    /** Lets {@link Mode#NEVER_READS_BODY} connections read on (to see the proxy's close). */
    void release() {
      released.countDown();
    }

    private void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          accepted.incrementAndGet();
          sockets.add(s);
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s) {
        // Unbuffered, so reading the head takes none of the body.
        InputStream in = s.getInputStream();
        String line;
        while ((line = FakeUpstream.readLine(in)) != null && !line.isEmpty()) {
          // the request line and headers
        }
        switch (mode) {
          case SILENT -> {}
          case HEAD_THEN_STALL -> {
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + ANNOUNCED_BODY + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[SENT_BODY]);
            out.flush();
          }
          case NEVER_READS_BODY -> released.await();
        }
        byte[] buf = new byte[65536];
        while (in.read(buf) >= 0) {
          // Hold the connection until the proxy closes it.
        }
        closed.incrementAndGet();
      } catch (IOException e) {
        // A reset from the proxy is a close too; our own close() comes after the assertions.
        closed.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws IOException {
      released.countDown();
      server.close();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /**
   * A listener that never accepts, its accept queue filled by our own connections, so the kernel
   * drops further SYNs and a connect to it hangs until the connector gives up (loopback only; no
   * blackhole route needed). Linux queues backlog + 1 connections.
   */
  private static final class FullBacklog implements AutoCloseable {

    private final ServerSocket server = new ServerSocket();
    private final List<Socket> fillers = new ArrayList<>();

    FullBacklog() throws IOException {
      server.bind(new InetSocketAddress(LOOPBACK, 0), 1);
      InetSocketAddress address = new InetSocketAddress(LOOPBACK, server.getLocalPort());
      for (int i = 0; i < 8; i++) {
        Socket filler = new Socket();
        try {
          filler.connect(address, 300);
          fillers.add(filler);
        } catch (SocketTimeoutException e) {
          filler.close();
          return;
        }
      }
      throw new IllegalStateException("the accept queue of port " + port() + " never filled after 8 connections");
    }

    int port() {
      return server.getLocalPort();
    }

    /**
     * Closes the fillers, accepts whatever is queued and reads each to its end; returns how many
     * were still open after 5 s (a connection the proxy opened and forgot).
     */
    int drainUnclosed() throws IOException {
      for (Socket f : fillers) {
        f.close();
      }
      server.setSoTimeout(500);
      int open = 0;
      while (true) {
        Socket s;
        try {
          s = server.accept();
        } catch (SocketTimeoutException e) {
          return open;
        }
        try (s) {
          s.setSoTimeout(5000);
          while (s.getInputStream().read(new byte[4096]) >= 0) {
            // to the end
          }
        } catch (SocketTimeoutException e) {
          open++;
        } catch (IOException e) {
          // reset: closed
        }
      }
    }

    @Override
    public void close() throws IOException {
      for (Socket f : fillers) {
        f.close();
      }
      server.close();
    }
  }
}
