package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debian's {@code slowhttptest} attacks a real data plane on loopback (slowloris, slow POST, slow
 * read) while a well-behaved client, from another loopback address (127.0.0.2, so the attacker's
 * per-address cap does not apply to it), keeps asking for a page: every normal request must get a
 * 200 during the attack, and the proxy must close the attacker's connections. Each scenario runs
 * 12 s of attack against deadlines of 2 s.
 *
 * <p>Skips loudly when {@code slowhttptest} is missing (apt-get install slowhttptest), unless
 * {@code CAUSEWAY_REQUIRE_SLOWHTTPTEST=1}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientsIT {

  private static final int ATTACK_SECONDS = 12;
  private static final Duration DEADLINE = Duration.ofSeconds(2);

  private FakeUpstream origin;
  private DataPlane dp;
  private Path work;

  @BeforeEach
  void setUp() throws IOException {
    assumeSlowhttptest();
    origin = new FakeUpstream();
    ClientLimits client = ClientLimits.defaults()
        .withTimeouts(DEADLINE, Duration.ofSeconds(10))
        .withBody(DEADLINE, 1024)
        .withSendTimeout(DEADLINE)
        .withMaxConnectionsPerAddress(1000);
    dp = TestGateways.start(ProxyLimits.defaults().withClient(client));
    dp.apply(TestGateways.direct(origin.port(), 10_000, 0));
    work = Files.createTempDirectory("slowhttptest");
  }

  @AfterEach
  void tearDown() throws IOException {
    if (dp != null) {
      dp.close();
    }
    if (origin != null) {
      origin.close();
    }
    if (work != null) {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  static void assumeSlowhttptest() {
    boolean present = Files.isExecutable(Path.of("/usr/bin/slowhttptest"));
    if (!present && "1".equals(System.getenv("CAUSEWAY_REQUIRE_SLOWHTTPTEST"))) {
      throw new AssertionError("slowhttptest is missing and CAUSEWAY_REQUIRE_SLOWHTTPTEST=1");
    }
    if (!present) {
      System.err.println("SKIPPED: slowhttptest not installed (apt-get install slowhttptest)");
    }
    assumeTrue(present, "slowhttptest not installed (apt-get install slowhttptest)");
  }

  @Test
  void slowlorisConnectionsAreClosedWhileNormalClientsAreServed() throws Exception {
    Attack attack = attack("-H", "-c", "200", "-r", "100", "-i", "1", "-x", "8",
        "-u", url("/slowloris"));
    assertServedDuring(attack);
    assertThat(attack.output()).as("every attack connection closed before the attack ended")
        .contains("No open connections left");
    // Only slowhttptest's probe, a complete request, ever reached the origin.
    assertThat(origin.seen()).filteredOn(s -> s.target().startsWith("/slowloris")).hasSizeLessThan(20);
  }

  @Test
  void slowBodiesGetRequestTimeoutWhileNormalClientsAreServed() throws Exception {
    Attack attack = attack("-B", "-c", "200", "-r", "100", "-i", "1", "-x", "4", "-s", "100000",
        "-u", url("/slowbody"));
    assertServedDuring(attack);
    assertThat(attack.output()).as("every attack connection closed before the attack ended")
        .contains("No open connections left");
    assertThat(metric("causeway_client_body_timeouts")).isGreaterThanOrEqualTo(150);
  }

  @Test
  void slowReadersAreCutOffWhileNormalClientsAreServed() throws Exception {
    Attack attack = attack("-X", "-c", "100", "-r", "100", "-k", "4", "-n", "3", "-w", "64", "-y", "128",
        "-z", "16", "-u", url("/big/4194304"));
    assertServedDuring(attack);
    // slowhttptest sees a close only after reading what it has buffered, at 16 bytes per 3 s, so
    // the proxy's side tells: every attack connection was cut and none is left open.
    assertThat(metric("causeway_client_send_timeouts")).isGreaterThanOrEqualTo(90);
    assertThat(metric("causeway_connections_active")).isZero();
  }

  private static void assertServedDuring(Attack attack) {
    assertThat(attack.normal()).as("normal requests during the attack (%s)", attack.failures())
        .hasSizeGreaterThan(10).allMatch(s -> s == 200);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + dp.proxyPort() + path;
  }

  /** Normal requests' statuses, and the most connections slowhttptest saw closed at once. */
  record Attack(List<Integer> normal, List<String> failures, String output) {}

  private Attack attack(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/slowhttptest", "-g", "-o", work.resolve("run").toString(),
        "-l", String.valueOf(ATTACK_SECONDS), "-p", "3"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile()).start();
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    ScheduledExecutorService normal = Executors.newSingleThreadScheduledExecutor();
    try {
      normal.scheduleWithFixedDelay(() -> statuses.add(normalRequest(failures)), 500, 250, TimeUnit.MILLISECONDS);
      assertThat(p.waitFor(ATTACK_SECONDS + 20, TimeUnit.SECONDS)).as("slowhttptest ended").isTrue();
    } finally {
      normal.shutdownNow();
      normal.awaitTermination(5, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
    String output = Files.readString(work.resolve("out.txt"));
    return new Attack(List.copyOf(statuses), List.copyOf(failures), output);
  }

  /** One GET on a fresh connection from 127.0.0.2; the status, or -1 when it failed. */
  private int normalRequest(List<String> failures) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), dp.proxyPort()), 5000);
      s.setSoTimeout(5000);
      s.getOutputStream().write("GET /normal HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      String status = FakeUpstream.readLine(in);
      in.readAllBytes();
      return status == null ? -1 : Integer.parseInt(status.split(" ")[1]);
    } catch (IOException | RuntimeException e) {
      failures.add(e.toString());
      return -1;
    }
  }

  private long metric(String name) throws Exception {
    return TestMetrics.value(dp, name);
  }

}
