package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.model.DnsMapping;
import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.provider.local.Netns.Where;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The local provider against the real kernel: refusals, adoption, repair, uplink, reset. */
@Timeout(120)
class LocalProviderIT {
  @TempDir Path dataDir;
  @TempDir Path otherDataDir;
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
  void overlappingAddressSpacesAreRefusedNamingBothRanges() {
    NetworkRef network = fixture.network("overlap", "10.10.0.0/16");
    fixture.provider.createNetwork(network);
    LocalVnet vnet = fixture.vnet("overlapping", "10.10.4.0/24");
    PeeringRef peering = fixture.peering("overlap", network, vnet.name());

    Preflight result = fixture.provider.preflight(peering);

    assertThat(result).isInstanceOf(Preflight.Blocked.class);
    Preflight.Problem problem = ((Preflight.Blocked) result).problem();
    assertThat(problem.kind()).isEqualTo(Preflight.Kind.ADDRESS_SPACE_OVERLAP);
    assertThat(problem.reason()).contains("10.10.0.0/16").contains("10.10.4.0/24");
    fixture.provider.createPeering(peering);
    assertThat(fixture.provider.observePeering(peering))
        .isInstanceOf(PeeringObservation.Absent.class);
  }

  @Test
  void dnsServersOutsideTheVnetCidrAreWarnedAboutWithoutBlocking() {
    NetworkRef network = fixture.network("dns", "10.10.0.0/16");
    fixture.provider.createNetwork(network);
    LocalVnet vnet = fixture.vnet("dns-customer", "10.20.0.0/16");
    PeeringRef plain = fixture.peering("dns", network, vnet.name());
    PeeringRef peering = new PeeringRef(plain.transitGatewayId(), network, plain.remote(),
        List.of(new DnsMapping(List.of("10.30.0.53", "10.20.0.53"), List.of("corp.example"))));

    Preflight result = fixture.provider.preflight(peering);

    assertThat(result).isInstanceOfSatisfying(Preflight.Passed.class, p ->
        assertThat(p.warnings()).singleElement().asString()
            .contains("10.30.0.53", "dns_config[0].remote_dns_server_ip_addresses[0]",
                "10.20.0.0/16"));
    assertThat(fixture.provider.preflight(plain)).isEqualTo(new Preflight.Passed());
  }

  @Test
  void aVnetOverlappingAnAlreadyPeeredAddressSpaceIsRefused() {
    NetworkRef network = fixture.network("hub", "10.10.0.0/16");
    fixture.provider.createNetwork(network);
    fixture.vnet("first", "10.20.0.0/16");
    fixture.vnet("second", "10.20.128.0/17");
    fixture.provider.createPeering(fixture.peering("first", network, "first"));

    Preflight result = fixture.provider.preflight(fixture.peering("second", network, "second"));

    assertThat(result).isInstanceOf(Preflight.Blocked.class);
    Preflight.Problem problem = ((Preflight.Blocked) result).problem();
    assertThat(problem.kind()).isEqualTo(Preflight.Kind.ADDRESS_SPACE_OVERLAP);
    assertThat(problem.reason()).contains("10.20.128.0/17").contains("10.20.0.0/16");
  }

  @Test
  void anUnknownVnetIsNotFoundNamingSubscriptionResourceGroupAndName() {
    NetworkRef network = fixture.network("missing", "10.10.0.0/16");
    fixture.provider.createNetwork(network);

    Preflight result = fixture.provider.preflight(fixture.peering("missing", network, "nowhere"));

    assertThat(result).isInstanceOf(Preflight.Blocked.class);
    Preflight.Problem problem = ((Preflight.Blocked) result).problem();
    assertThat(problem.kind()).isEqualTo(Preflight.Kind.VNET_NOT_FOUND);
    assertThat(problem.reason())
        .contains(LocalFixture.SUBSCRIPTION)
        .contains(fixture.resourceGroup)
        .contains("nowhere");
  }

  @Test
  void aNewProviderAdoptsWhatExistsEvenWithoutItsStateFile() throws IOException {
    NetworkRef network = fixture.network("adopt", "10.10.0.0/16");
    fixture.provider.createNetwork(network);
    fixture.vnet("adopted", "10.20.0.0/16");
    PeeringRef peering = fixture.peering("adopt", network, "adopted");
    fixture.provider.createPeering(peering);
    LocalUplink uplink = fixture.provider.uplink(network.networkId()).orElseThrow();
    String vnets = Files.readString(dataDir.resolve("local/state.json"));

    LocalProvider again = LocalProvider.create(dataDir);
    assertThat(again.observeNetwork(network)).isInstanceOf(NetworkObservation.Ready.class);
    assertThat(again.observePeering(peering)).isInstanceOf(PeeringObservation.Connected.class);

    // Only the VNET registry is needed for peerings; networks and uplinks are read from the host.
    Files.writeString(
        dataDir.resolve("local/state.json"),
        vnets.replaceAll("(?s)\"networks\"\\s*:\\s*\\[.*?\\]", "\"networks\" : [ ]"));
    LocalProvider adopting = LocalProvider.create(dataDir);
    assertThat(adopting.observeNetwork(network)).isInstanceOf(NetworkObservation.Ready.class);
    assertThat(adopting.uplink(network.networkId())).contains(uplink);
    assertThat(adopting.observePeering(peering)).isInstanceOf(PeeringObservation.Connected.class);
  }

  @Test
  void aDeletedUplinkIsRepairedWithTheSameAddress() {
    NetworkRef network = fixture.network("repair", "10.10.0.0/16");
    fixture.provider.createNetwork(network);
    LocalUplink uplink = fixture.provider.uplink(network.networkId()).orElseThrow();

    fixture.netns.run(Where.HOST, "link", "del", uplink.hostLink());
    assertThat(fixture.hostHasLink(uplink.hostLink())).isFalse();

    assertThat(fixture.provider.observeNetwork(network))
        .isInstanceOf(NetworkObservation.Ready.class);
    assertThat(fixture.provider.uplink(network.networkId())).contains(uplink);
    assertThat(fixture.hostHasLink(uplink.hostLink())).isTrue();
  }

  @Test
  void theHostReachesTheNetworkAtItsUplinkAddress() throws Exception {
    NetworkRef network = fixture.network("uplink", "10.10.0.0/16");
    fixture.provider.createNetwork(network);
    LocalUplink uplink = fixture.provider.uplink(network.networkId()).orElseThrow();
    String namespace = LocalProvider.networkNamespace(network.networkId());

    try (NamespacedHttpServer server =
        NamespacedHttpServer.start(
            fixture, namespace, uplink.namespaceAddress(), "uplink", dataDir.resolve("www"))) {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(uplink.namespaceAddress(), NamespacedHttpServer.PORT), 5_000);
        socket.setSoTimeout(5_000);
        socket
            .getOutputStream()
            .write("GET /hello.txt HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try (InputStream in = socket.getInputStream()) {
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .startsWith("HTTP/1.0 200")
              .endsWith("uplink");
        }
      }
      assertThat(server.isAlive()).isTrue();
    }
  }

  @Test
  void twoNetworksGetDistinctUplinksAndDeleteReleasesEverything() {
    NetworkRef a = fixture.network("a", "10.10.0.0/16");
    NetworkRef b = fixture.network("b", "10.11.0.0/16");
    fixture.provider.createNetwork(a);
    fixture.provider.createNetwork(b);
    LocalUplink first = fixture.provider.uplink(a.networkId()).orElseThrow();
    LocalUplink second = fixture.provider.uplink(b.networkId()).orElseThrow();
    assertThat(first.slot()).isNotEqualTo(second.slot());

    fixture.provider.deleteNetwork(a);

    assertThat(fixture.provider.observeNetwork(a)).isInstanceOf(NetworkObservation.Absent.class);
    assertThat(fixture.netns.exists(first.namespace())).isFalse();
    assertThat(fixture.hostHasLink(first.hostLink())).isFalse();
    assertThat(fixture.provider.uplink(a.networkId())).isEmpty();
    assertThat(fixture.provider.observeNetwork(b)).isInstanceOf(NetworkObservation.Ready.class);
  }

  @Test
  void networksCreatedAtOnceByTwoDataDirectoriesGetDistinctUplinks() throws Exception {
    LocalFixture other = new LocalFixture(otherDataDir);
    try {
      NetworkRef mine = fixture.network("concurrent", "10.10.0.0/16");
      NetworkRef theirs = other.network("concurrent", "10.10.0.0/16");
      CompletableFuture<Void> first =
          CompletableFuture.runAsync(() -> fixture.provider.createNetwork(mine));
      CompletableFuture<Void> second =
          CompletableFuture.runAsync(() -> other.provider.createNetwork(theirs));
      CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);

      LocalUplink a = fixture.provider.uplink(mine.networkId()).orElseThrow();
      LocalUplink b = other.provider.uplink(theirs.networkId()).orElseThrow();
      assertThat(a.slot()).isNotEqualTo(b.slot());
      assertThat(fixture.provider.observeNetwork(mine))
          .isInstanceOf(NetworkObservation.Ready.class);
      assertThat(other.provider.observeNetwork(theirs))
          .isInstanceOf(NetworkObservation.Ready.class);
    } finally {
      other.close();
    }
  }

  @Test
  void resetRemovesEverythingThisDataDirectoryMadeAndNothingElse() {
    LocalFixture other = new LocalFixture(otherDataDir);
    try {
      NetworkRef foreign = other.network("foreign", "10.50.0.0/16");
      other.provider.createNetwork(foreign);
      NetworkRef network = fixture.network("reset", "10.10.0.0/16");
      fixture.provider.createNetwork(network);
      LocalVnet vnet = fixture.vnet("reset", "10.20.0.0/16");
      fixture.provider.createPeering(fixture.peering("reset", network, vnet.name()));
      LocalUplink uplink = fixture.provider.uplink(network.networkId()).orElseThrow();
      Process sleeper = startIn(vnet.namespace(), "sleep", "600");

      List<String> removed = fixture.provider.reset();

      assertThat(removed).contains(vnet.namespace(), uplink.namespace());
      assertThat(fixture.netns.namespaces())
          .doesNotContain(vnet.namespace(), uplink.namespace())
          .contains(LocalProvider.networkNamespace(foreign.networkId()));
      assertThat(fixture.netns.namespaces())
          .filteredOn(n -> n.startsWith(LocalNames.PREFIX))
          .allSatisfy(
              n -> assertThat(fixture.netns.owner(n)).isNotEqualTo(LocalNames.ownerMark(dataDir)));
      assertThat(fixture.netns.links(Where.HOST))
          .noneMatch(l -> l.alias().equals(LocalNames.ownerMark(dataDir)));
      assertThat(fixture.hostHasLink(uplink.hostLink())).isFalse();
      assertThat(sleeper.isAlive()).isFalse();
      assertThat(fixture.provider.vnets().list()).isEmpty();
    } finally {
      other.close();
    }
  }

  private Process startIn(String namespace, String... command) {
    try {
      return new ProcessBuilder(fixture.netns.ip().netnsExec(namespace, List.of(command)))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
