package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the router decides reaches the wire: stripped paths, prefixes, Host. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RouteSemanticsIT {

  @Test
  void stripsThePathSetsTheForwardedPrefixAndHonoursPreserveHost() throws Exception {
    try (FakeUpstream origin = new FakeUpstream();
        DataPlane dp = TestGateways.start();
        HttpClient http = HttpClient.newHttpClient()) {
      ServiceDef svc = TestGateways.service("svc", "127.0.0.1", origin.port(), 5000, 0);
      ServiceDef withPath = new ServiceDef(GatewayConfig.nameBasedId("services", "p"), Optional.of("p"),
          ServiceDef.Protocol.HTTP, "127.0.0.1", origin.port(), Optional.of("/base"), 2000, 5000, 5000, 0, true,
          Optional.empty(), List.of());
      RouteDef stripped = RouteDef.of("stripped", withPath, List.of(), List.of("/api"), List.of(), 0);
      RouteDef base = RouteDef.of("preserved", svc, List.of("keep.example"), List.of("/"), List.of(), 1);
      RouteDef preserved = new RouteDef(base.id(), base.name(), base.serviceId(), base.protocols(), base.methods(),
          base.hosts(), base.paths(), base.headers(), base.snis(), false, true, 0, base.pathHandling(),
          base.httpsRedirectStatusCode(), true, true, List.of(), 1);
      dp.apply(GatewayConfig.of(List.of(svc, withPath), List.of(stripped, preserved), List.of(), List.of()));

      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + dp.proxyPort() + "/api/orders?id=7")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(origin.last().target()).isEqualTo("/base/orders?id=7");
      assertThat(origin.last().header("x-forwarded-prefix")).isEqualTo("/api");
      assertThat(origin.last().header("host")).isEqualTo("127.0.0.1:" + origin.port());

      try (RawHttp raw = new RawHttp(dp.proxyPort())) {
        raw.send("GET /k HTTP/1.1\r\nHost: keep.example:8080\r\n\r\n");
        assertThat(raw.read().status()).isEqualTo(200);
      }
      assertThat(origin.last().header("host")).isEqualTo("keep.example:8080");
      assertThat(origin.last().header("x-forwarded-host")).isEqualTo("keep.example");
    }
  }
}
