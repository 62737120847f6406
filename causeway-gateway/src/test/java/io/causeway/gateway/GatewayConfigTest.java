package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.causeway.gateway.ServiceDef.Protocol;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  private static ServiceDef service(String name) {
    return ServiceDef.of(name, Protocol.HTTP, name + ".internal", 80, Optional.empty());
  }

  @Test
  void hasAnEmptySnapshot() {
    GatewayConfig empty = GatewayConfig.empty();
    assertThat(empty.services()).isEmpty();
    assertThat(empty.routes()).isEmpty();
    assertThat(empty.upstreams()).isEmpty();
    assertThat(empty.dnsForwarding()).isEmpty();
    assertThat(empty.hash())
        .hasSize(64)
        .isEqualTo(GatewayConfig.of(List.of(), List.of(), List.of(), List.of()).hash());
  }

  @Test
  void hashesEqualContentEquallyAndDifferentContentDifferently() {
    ServiceDef s = service("a");
    RouteDef r = RouteDef.of("r", s, List.of("a.com"), List.of("/"), List.of(), 0);
    GatewayConfig one = GatewayConfig.of(List.of(s), List.of(r), List.of(), List.of());
    GatewayConfig two =
        GatewayConfig.of(
            List.of(service("a")),
            List.of(RouteDef.of("r", s, List.of("a.com"), List.of("/"), List.of(), 0)),
            List.of(),
            List.of());
    GatewayConfig three =
        GatewayConfig.of(
            List.of(s),
            List.of(RouteDef.of("r", s, List.of("b.com"), List.of("/"), List.of(), 0)),
            List.of(),
            List.of());

    assertThat(two.hash()).isEqualTo(one.hash());
    assertThat(two).isEqualTo(one);
    assertThat(three.hash()).isNotEqualTo(one.hash());
  }

  @Test
  void givesStableNameBasedVersionFiveIds() {
    UUID id = GatewayConfig.nameBasedId("services", "orders");
    assertThat(GatewayConfig.nameBasedId("services", "orders")).isEqualTo(id);
    assertThat(GatewayConfig.nameBasedId("routes", "orders")).isNotEqualTo(id);
    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void refusesInconsistentSnapshots() {
    ServiceDef s = service("a");
    RouteDef orphan =
        RouteDef.of("r", service("missing"), List.of("a.com"), List.of(), List.of(), 0);
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> GatewayConfig.of(List.of(s, s), List.of(orphan), List.of(), List.of()));
    assertThat(e.problems())
        .extracting(ConfigProblem::path)
        .containsExactly("services[1].id", "services[1].name", "routes[0].service");
  }

  @Test
  void findsUpstreamsByNameIgnoringCase() {
    UpstreamDef u = UpstreamDef.of("Orders.Upstream", List.of());
    GatewayConfig c = GatewayConfig.of(List.of(), List.of(), List.of(u), List.of());
    assertThat(c.upstream("orders.upstream")).contains(u);
    assertThat(c.upstream("other")).isEmpty();
  }

  @Test
  void parsesDnsServersWithOptionalPorts() {
    DnsForwardingEntry e =
        new DnsForwardingEntry(List.of("Corp.Example."), List.of("10.0.0.2", "[::1]:5353", "::1"));
    assertThat(e.domains()).containsExactly("corp.example");
    assertThat(e.serverAddresses()).extracting(a -> a.getPort()).containsExactly(53, 5353, 53);
  }
}
