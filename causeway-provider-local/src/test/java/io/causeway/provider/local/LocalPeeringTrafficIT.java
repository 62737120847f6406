package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.provider.local.Netns.Where;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real packets across real peerings: reachable only while peered, never transitively. */
@Timeout(120)
class LocalPeeringTrafficIT {
  @TempDir Path dataDir;
  private LocalFixture fixture;

  @BeforeEach
  void setUp() {
    NetnsRequirement.require();
    fixture = new LocalFixture(dataDir);
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void customerApiIsReachableFromTheNetworkOnlyWhilePeered() {
    NetworkRef network = fixture.network("traffic", "10.10.0.0/16");
    fixture.provider.createNetwork(network);
    assertThat(fixture.provider.observeNetwork(network))
        .isInstanceOf(NetworkObservation.Ready.class);
    LocalVnet vnet = fixture.vnet("customer-api", "10.20.0.0/16");
    String networkNs = LocalProvider.networkNamespace(network.networkId());

    try (NamespacedHttpServer server =
        NamespacedHttpServer.start(
            fixture, vnet.namespace(), vnet.address(), "private api", dataDir.resolve("www"))) {
      assertThat(NamespacedHttpServer.get(fixture, networkNs, server.url(), 2).ok()).isFalse();

      PeeringRef peering = fixture.peering("traffic", network, vnet.name());
      assertThat(fixture.provider.preflight(peering)).isInstanceOf(Preflight.Passed.class);
      fixture.provider.createPeering(peering);
      assertThat(fixture.provider.observePeering(peering))
          .isInstanceOf(PeeringObservation.Connected.class);

      Ip.Result reached = awaitReachable(networkNs, server.url());
      assertThat(reached.stdout()).isEqualTo("private api");
      // The peering is symmetric: the VNET reaches the network's own address too.
      assertThat(fixture.netns.routes(Where.ns(vnet.namespace())))
          .anyMatch(r -> r.destination().equals("10.10.0.0/16"));

      fixture.provider.deletePeering(peering);
      assertThat(fixture.provider.observePeering(peering))
          .isInstanceOf(PeeringObservation.Absent.class);
      assertThat(NamespacedHttpServer.get(fixture, networkNs, server.url(), 2).ok()).isFalse();
      assertThat(server.isAlive()).isTrue();
    }
  }

  @Test
  void aNetworkPeeredWithTheCustomerVnetStaysUnreachableFromTheFirstNetwork() {
    NetworkRef first = fixture.network("first", "10.10.0.0/16");
    NetworkRef third = fixture.network("third", "10.30.0.0/16");
    fixture.provider.createNetwork(first);
    fixture.provider.createNetwork(third);
    LocalVnet vnet = fixture.vnet("hub", "10.20.0.0/16");
    PeeringRef firstToHub = fixture.peering("first-hub", first, vnet.name());
    PeeringRef thirdToHub = fixture.peering("third-hub", third, vnet.name());
    fixture.provider.createPeering(firstToHub);
    fixture.provider.createPeering(thirdToHub);
    String firstNs = LocalProvider.networkNamespace(first.networkId());
    String thirdNs = LocalProvider.networkNamespace(third.networkId());

    try (NamespacedHttpServer hub =
            NamespacedHttpServer.start(
                fixture, vnet.namespace(), vnet.address(), "hub", dataDir.resolve("hub"));
        NamespacedHttpServer far =
            NamespacedHttpServer.start(
                fixture, thirdNs, "10.30.0.1", "third", dataDir.resolve("third"))) {
      assertThat(awaitReachable(firstNs, hub.url()).stdout()).isEqualTo("hub");
      assertThat(awaitReachable(vnet.namespace(), far.url()).stdout()).isEqualTo("third");

      assertThat(NamespacedHttpServer.get(fixture, firstNs, far.url(), 2).ok()).isFalse();
      assertThat(fixture.netns.routes(Where.ns(firstNs)))
          .noneMatch(r -> r.destination().equals("10.30.0.0/16"));
      // Even with a route through the hub, the hub does not forward between its peerings.
      fixture.netns.run(
          Where.ns(firstNs),
          "route",
          "add",
          "10.30.0.0/16",
          "dev",
          LocalNames.peeringLink(firstToHub.transitGatewayId()),
          "src",
          "10.10.0.1");
      assertThat(NamespacedHttpServer.get(fixture, firstNs, far.url(), 2).ok()).isFalse();
    }
  }

  @Test
  void theHostHasNoRouteToAnyAddressSpaceOnlyTheLinkLocalUplinks() {
    NetworkRef network = fixture.network("host", "10.10.0.0/16");
    fixture.provider.createNetwork(network);
    LocalVnet vnet = fixture.vnet("no-host-route", "10.20.0.0/16");
    fixture.provider.createPeering(fixture.peering("host", network, vnet.name()));
    LocalUplink uplink = fixture.provider.uplink(network.networkId()).orElseThrow();

    assertThat(fixture.netns.routes(Where.HOST))
        .filteredOn(r -> r.device().startsWith(LocalNames.PREFIX))
        .allSatisfy(r -> assertThat(r.destination()).startsWith("169.254.10").endsWith("/30"));
    assertThat(uplink.namespaceAddress()).startsWith("169.254.10");
    assertThat(fixture.netns.link(Where.HOST, uplink.hostLink()).orElseThrow().addresses())
        .containsExactly(uplink.hostAddress() + "/30");
  }

  private Ip.Result awaitReachable(String namespace, String url) {
    Ip.Result[] last = new Ip.Result[1];
    await("GET " + url + " from " + namespace)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = NamespacedHttpServer.get(fixture, namespace, url, 2);
              return last[0].ok();
            });
    return last[0];
  }
}
