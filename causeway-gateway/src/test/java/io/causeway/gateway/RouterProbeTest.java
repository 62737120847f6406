package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.gateway.ServiceDef.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a lookup reads the request: the host name in place, the port, the normalised path. */
class RouterProbeTest {

  private static final RouterCandidate[] NO_ROUTES = new RouterCandidate[0];

  private static RouterProbe probe(String host, String path, int localPort) {
    RequestFacts plain = RequestFacts.of("GET", host, Protocol.HTTP, path);
    return RouterProbe.of(RouterFixture.onPort(plain, localPort), NO_ROUTES);
  }

  @ParameterizedTest(name = "{0} -> {1} port {2}")
  @CsvSource({
    "example.com, example.com, 80",
    "Example.COM:8080, example.com, 8080",
    "'[::1]:8080', ::1, 8080",
    "'[::1]', ::1, 80",
    "::1, ::1, 80",
    "'example.com:abc', example.com:abc, 80",
    "'example.com:99999', example.com:99999, 80",
    "'example.com:', example.com:, 80",
    "' example.com:8000 ', example.com, 8000",
    "'', '', 80",
  })
  void readsTheHostNameAsRouterHostDoesAndFallsBackToTheLocalPort(
      String header, String name, int port) {
    RouterProbe p = probe(header, "/", 80);

    assertThat(p.host().substring(0, p.hostEnd())).isEqualTo(name);
    assertThat(p.port()).isEqualTo(port);
    RouterHost parsed = RouterHost.parse(header);
    assertThat(parsed.name()).isEqualTo(name);
    assertThat(parsed.hasPort() ? parsed.port() : 80).isEqualTo(port);
  }

  @Test
  void keepsTheHostHeaderStringWhenItIsAlreadyLowerCaseEvenWithAPort() {
    String header = "api.example.com:8000";

    RouterProbe p = probe(header, "/", 80);

    assertThat(p.host()).isSameAs(header);
    assertThat(p.hostEnd()).isEqualTo("api.example.com".length());
  }

  @Test
  void readsAPortInPlaceOnlyWhenItIsOneToFiveDigitsUpTo65535() {
    assertThat(RouterHost.portAt("a:65535", 2)).isEqualTo(65535);
    assertThat(RouterHost.portAt("a:0", 2)).isZero();
    assertThat(RouterHost.portAt("a:65536", 2)).isEqualTo(RouterHost.NO_PORT);
    assertThat(RouterHost.portAt("a:000080", 2)).isEqualTo(RouterHost.NO_PORT);
    assertThat(RouterHost.portAt("a:8o", 2)).isEqualTo(RouterHost.NO_PORT);
    assertThat(RouterHost.portAt("a:", 2)).isEqualTo(RouterHost.NO_PORT);
  }

  @Test
  void normalisesThePathAndReadsAnEmptyOneAsTheRoot() {
    assertThat(probe("a", "/x/../y//z", 80).path()).isEqualTo("/y/z");
    assertThat(probe("a", "", 80).path()).isEqualTo("/");
  }

  @Test
  void startsWithoutAMatch() {
    RouterProbe p = probe("a", "/", 80);

    assertThat(p.found()).isFalse();
    assertThat(p.regexHit()).isEmpty();
  }
}
