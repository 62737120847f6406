package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.causeway.model.NetworkObservation;
import io.causeway.model.NetworkProvider;
import io.causeway.model.NetworkRef;
import io.causeway.model.PeeringObservation;
import io.causeway.model.PeeringRef;
import io.causeway.model.Preflight;
import io.causeway.model.ProviderAccount;
import io.causeway.model.ProviderRegion;
import io.causeway.provider.local.SimulatedProvider;
import io.causeway.provider.local.SimulatedProvider.Call;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two control planes with reconcilers on one PostgreSQL database, sharing one (simulated) cloud:
 * row leases must keep them from driving the same resource at once, so every network and peering
 * is created exactly once and no provider call on a resource overlaps another on the same one.
 */
@Timeout(120)
class TwoReplicasIT {
  private static final String NETWORKS = "/v2/cloud-gateways/networks";
  private static final int RESOURCES = 6;

  @TempDir Path dirA;
  @TempDir Path dirB;

  /**
   * One replica's view of the shared provider: counts its calls, and (through the set shared by
   * both replicas) every call that overlaps another call on the same resource.
   */
  static final class OverlapDetector implements NetworkProvider {
    private final NetworkProvider delegate;
    private final Set<UUID> inFlight;
    private final AtomicInteger overlaps;
    final AtomicInteger calls = new AtomicInteger();

    OverlapDetector(NetworkProvider delegate, Set<UUID> inFlight, AtomicInteger overlaps) {
      this.delegate = delegate;
      this.inFlight = inFlight;
      this.overlaps = overlaps;
    }

    private <T> T guarded(UUID id, Supplier<T> call) {
      calls.incrementAndGet();
      if (!inFlight.add(id)) {
        overlaps.incrementAndGet();
        return call.get();
      }
      try {
        return call.get();
      } finally {
        inFlight.remove(id);
      }
    }

    @Override public ProviderAccount account() { return delegate.account(); }
    @Override public List<ProviderRegion> regions() { return delegate.regions(); }
    @Override public void createNetwork(NetworkRef n) {
      guarded(n.networkId(), () -> { delegate.createNetwork(n); return null; });
    }
    @Override public NetworkObservation observeNetwork(NetworkRef n) {
      return guarded(n.networkId(), () -> delegate.observeNetwork(n));
    }
    @Override public void deleteNetwork(NetworkRef n) {
      guarded(n.networkId(), () -> { delegate.deleteNetwork(n); return null; });
    }
    @Override public Preflight preflight(PeeringRef p) {
      return guarded(p.transitGatewayId(), () -> delegate.preflight(p));
    }
    @Override public void createPeering(PeeringRef p) {
      guarded(p.transitGatewayId(), () -> { delegate.createPeering(p); return null; });
    }
    @Override public PeeringObservation observePeering(PeeringRef p) {
      return guarded(p.transitGatewayId(), () -> delegate.observePeering(p));
    }
    @Override public void deletePeering(PeeringRef p) {
      guarded(p.transitGatewayId(), () -> { delegate.deletePeering(p); return null; });
    }
  }

  @Test
  void twoReplicasNeverDriveTheSameResourceTwice() throws Exception {
    try (Postgres pg = Postgres.freshDatabase()) {
      SimulatedProvider cloud = Fixtures.provider();
      Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
      AtomicInteger overlaps = new AtomicInteger();
      OverlapDetector viaReplicaA = new OverlapDetector(cloud, inFlight, overlaps);
      OverlapDetector viaReplicaB = new OverlapDetector(cloud, inFlight, overlaps);
      try (ControlPlane a = ControlPlane.start(
              Fixtures.options(dirA).withDatabaseUrl(Optional.of(pg.url())),
              Hooks.defaults().withProvider(viaReplicaA).withTimings(Fixtures.FAST));
          ControlPlane b = ControlPlane.start(
              Fixtures.options(dirB).withDatabaseUrl(Optional.of(pg.url())),
              Hooks.defaults().withProvider(viaReplicaB).withTimings(Fixtures.FAST))) {
        assertThat(b.newAdminToken()).isEmpty();
        String token = Files.readString(a.adminTokenFile()).trim();
        ApiClient viaA = ApiClient.of(a, token);
        ApiClient viaB = ApiClient.of(b, token);

        List<String> networks = new ArrayList<>();
        for (int i = 0; i < RESOURCES; i++) {
          ApiClient api = i % 2 == 0 ? viaA : viaB;
          var created = api.post(NETWORKS, Fixtures.network("n" + i, "10." + (20 + i) + ".0.0/16"));
          assertThat(created.status()).as(created.body()).isEqualTo(201);
          networks.add(created.json().get("id").asText());
        }
        List<String> gateways = new ArrayList<>();
        for (int i = 0; i < RESOURCES; i++) {
          ApiClient api = i % 2 == 0 ? viaB : viaA;
          var tgw = api.post(NETWORKS + "/" + networks.get(i) + "/transit-gateways",
              Fixtures.peering("t" + i, "d" + i + ".example"));
          assertThat(tgw.status()).as(tgw.body()).isEqualTo(201);
          gateways.add(networks.get(i) + "/transit-gateways/" + tgw.json().get("id").asText());
        }
        for (String path : gateways) {
          await().atMost(Duration.ofSeconds(60)).until(
              () -> viaA.get(NETWORKS + "/" + path).json().get("state").asText(),
              "ready"::equals);
        }
        for (int i = 0; i < RESOURCES; i++) {
          assertThat(cloud.calls(Call.CREATE_NETWORK, UUID.fromString(networks.get(i))))
              .as("createNetwork calls for network %d", i).isEqualTo(1);
          UUID tgw = UUID.fromString(gateways.get(i).substring(gateways.get(i).lastIndexOf('/') + 1));
          assertThat(cloud.calls(Call.CREATE_PEERING, tgw))
              .as("createPeering calls for transit gateway %d", i).isEqualTo(1);
        }
        assertThat(overlaps.get()).isZero();
        // Both replicas took part (each wakes on its own API writes), or the test proves nothing.
        assertThat(viaReplicaA.calls.get()).isPositive();
        assertThat(viaReplicaB.calls.get()).isPositive();
      }
    }
  }
}
