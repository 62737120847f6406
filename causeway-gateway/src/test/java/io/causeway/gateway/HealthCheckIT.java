package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Kong's passive and active health checks, through the proxy. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthCheckIT {

  private FakeUpstream a;
  private FakeUpstream b;
  private DataPlane dp;
  private HttpClient http;

  @BeforeEach
  void setUp() throws IOException {
    a = new FakeUpstream();
    b = new FakeUpstream();
    dp = TestGateways.start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void tearDown() throws IOException {
    http.close();
    dp.close();
    a.close();
    b.close();
  }

  private int get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dp.proxyPort() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void apply(HealthcheckDef checks, int portA, int portB) {
    UpstreamDef base = UpstreamDef.of("hc.internal", List.of(
        TargetDef.of("hc.internal", "127.0.0.1", portA, 100),
        TargetDef.of("hc.internal", "127.0.0.1", portB, 100)));
    UpstreamDef up = new UpstreamDef(base.id(), base.name(), base.algorithm(), base.hashOn(), base.hashFallback(),
        base.hashOnHeader(), base.hashFallbackHeader(), base.hashOnCookie(), base.hashOnCookiePath(), base.slots(),
        base.hostHeader(), checks, base.targets(), base.tags());
    ServiceDef svc = TestGateways.service("svc", "hc.internal", 80, 5000, 0);
    RouteDef route = TestGateways.noStrip(RouteDef.of("r", svc, List.of(), List.of("/"), List.of(), 0));
    dp.apply(GatewayConfig.of(List.of(svc), List.of(route), List.of(up), List.of()));
  }

  private static HealthcheckDef passive(int httpFailures) {
    HealthcheckDef d = HealthcheckDef.defaults();
    return new HealthcheckDef(d.active(),
        new HealthcheckDef.Passive(HealthcheckDef.CheckType.HTTP, d.passive().healthy(),
            new HealthcheckDef.Unhealthy(Duration.ZERO, List.of(500, 503), 1, 1, httpFailures)),
        0);
  }

  private static HealthcheckDef active(String path) {
    HealthcheckDef d = HealthcheckDef.defaults();
    return new HealthcheckDef(
        new HealthcheckDef.Active(HealthcheckDef.CheckType.HTTP, Duration.ofSeconds(1), 10, path, Optional.empty(),
            true, Map.of(),
            new HealthcheckDef.Healthy(Duration.ofMillis(100), List.of(200), 2),
            new HealthcheckDef.Unhealthy(Duration.ofMillis(100), List.of(500, 503), 2, 2, 2)),
        d.passive(), 0);
  }

  @Test
  void passiveChecksTakeAFailingTargetOutOfRotation() throws Exception {
    apply(passive(2), a.port(), b.port());
    for (int i = 0; i < 6; i++) {
      assertThat(get("/status/503")).isEqualTo(503);
    }
    assertThat(a.seen()).as("tripped after two failures").hasSize(2);
    assertThat(b.seen()).as("tripped after two failures").hasSize(2);
    HttpResponse<String> none = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dp.proxyPort() + "/anything")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(503);
    assertThat(none.body()).contains("failure to get a peer from the ring-balancer");
  }

  @Test
  void passiveTcpFailuresMarkARefusingTargetUnhealthy() throws Exception {
    int dead = ProxyIT.closedPort();
    apply(passive(5), dead, b.port());
    for (int i = 0; i < 10; i++) {
      assertThat(get("/ok/" + i)).isIn(200, 502);
    }
    int before = b.seen().size();
    for (int i = 0; i < 10; i++) {
      assertThat(get("/after/" + i)).isEqualTo(200);
    }
    assertThat(b.seen().size() - before).isEqualTo(10);
  }

  @Test
  void activeChecksMarkATargetUnhealthyAndHealthyAgain() throws Exception {
    apply(active("/status/200"), a.port(), b.port());
    await().atMost(Duration.ofSeconds(5)).until(() -> a.seen().size() >= 3 && b.seen().size() >= 3);
    assertThat(a.seen().get(0).target()).isEqualTo("/status/200");

    apply(active("/status/500"), a.port(), b.port());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/x")).isEqualTo(503));

    apply(active("/status/200"), a.port(), b.port());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/x")).isEqualTo(200));
  }
}
