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

/** Services with protocol https: TLS on the upstream leg, verified only when asked (Kong's rule). */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamTlsIT {

  private static GatewayConfig https(int port, Optional<Boolean> verify) {
    ServiceDef svc = new ServiceDef(GatewayConfig.nameBasedId("services", "tls"), Optional.of("tls"),
        ServiceDef.Protocol.HTTPS, "localhost", port, Optional.empty(), 2000, 5000, 5000, 0, true, verify, List.of());
    RouteDef route = TestGateways.noStrip(RouteDef.of("r", svc, List.of(), List.of("/"), List.of(), 0));
    return GatewayConfig.of(List.of(svc), List.of(route), List.of(), List.of());
  }

  @Test
  void proxiesToAnHttpsServiceAndReusesTheTlsConnection() throws Exception {
    try (FakeUpstream origin = FakeUpstream.tls(); DataPlane dp = TestGateways.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      dp.apply(https(origin.port(), Optional.empty()));
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + dp.proxyPort() + "/tls/" + i)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      assertThat(origin.last().target()).isEqualTo("/tls/2");
      assertThat(origin.last().header("host")).isEqualTo("localhost:" + origin.port());
      assertThat(origin.connections()).isEqualTo(1);

      dp.apply(https(origin.port(), Optional.of(true)));
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + dp.proxyPort() + "/verified")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).as("a self-signed certificate fails verification").isEqualTo(502);
    }
  }
}
