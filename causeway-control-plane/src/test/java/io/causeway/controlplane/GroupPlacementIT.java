package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneLaunch;
import io.causeway.model.DataPlaneObservation;
import io.causeway.provider.local.SimulatedProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler's placement of data-plane groups ({@link GroupSteps}) against a provider that
 * launches "nodes" by handing each launch's join token to a real in-process data plane: the group
 * turns ready with the provider's addresses, the node joins with that token, a restarted control
 * plane adopts (places nothing again, mints nothing), and a group moved to another network is
 * removed from the first. The local provider's real namespaced nodes are proven end to end in
 * causeway-cli's {@code LocalPlacementIT}.
 */
@Timeout(120)
class GroupPlacementIT {
  private static final String CONFIGURATIONS = "/v2/cloud-gateways/configurations";
  private static final String NETWORKS = "/v2/cloud-gateways/networks";
  private static final Duration SOON = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final PlacingProvider provider = new PlacingProvider(Fixtures.provider());
  private final List<AutoCloseable> open = new ArrayList<>();
  private ControlPlane cp;
  private ApiClient api;
  private int cidr = 60;

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (cp != null) {
      cp.close();
    }
  }

  @Test
  void aPlacedGroupIsReadyWithTheProviderAddressesAndItsNodeJoinsWithTheMintedToken() {
    start(0);
    String network = readyNetwork("placed");
    String plane = cp.defaultControlPlaneId().toString();

    ApiClient.Answer put = put(configuration(plane, network));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    String configuration = put.json().get("id").asText();
    JsonNode group = awaitGroup(configuration, "ready");

    assertThat(group.get("private_ip_addresses")).singleElement()
        .extracting(JsonNode::asText).isEqualTo(PlacingProvider.ADDRESS);
    assertThat(provider.launches).hasSize(1);
    Launched launched = provider.launches.get(0);
    assertThat(launched.group().groupId().toString()).isEqualTo(group.get("id").asText());
    assertThat(launched.group().network().networkId().toString()).isEqualTo(network);
    assertThat(launched.launch().clusterPort()).isEqualTo(cp.clusterPort().orElseThrow());
    assertThat(launched.launch().nodeCommand()).contains("io.causeway.cli.Main");
    assertThat(launched.token()).startsWith("cwj1.");

    DataPlane node = DataPlane.start(DataPlaneOptions.named("placed").withDataDir(dir.resolve("dp"))
        .withProxy("127.0.0.1", 0, -1).withStatus("127.0.0.1", 0)
        .withControlPlane(cp.clusterUri().orElseThrow().toString(),
            Optional.of(launched.token())));
    open.add(node);
    await().atMost(SOON).until(() -> node.cluster().orElseThrow().isConnected());
    JsonNode nodes = api.get("/v2/control-planes/" + plane + "/nodes").json().get("items");
    assertThat(nodes).hasSize(1);
  }

  @Test
  void aRestartedControlPlaneAdoptsAndAMovedGroupIsRemovedFromItsFormerNetwork() {
    start(0);
    String first = readyNetwork("first");
    String plane = cp.defaultControlPlaneId().toString();
    String configuration = put(configuration(plane, first)).json().get("id").asText();
    String groupId = awaitGroup(configuration, "ready").get("id").asText();

    cp.close();
    cp = null;
    start(0);
    awaitGroup(configuration, "ready");
    assertThat(provider.launches).as("adopted, not launched again").hasSize(1);

    String second = readyNetwork("second");
    assertThat(put(configuration(plane, second)).status()).isEqualTo(200);
    JsonNode moved = awaitGroup(configuration, "ready");
    assertThat(moved.get("id").asText()).isNotEqualTo(groupId);
    await().atMost(SOON).until(() -> provider.removed.contains(UUID.fromString(groupId)));
    assertThat(provider.placedDataPlaneGroups())
        .containsExactly(UUID.fromString(moved.get("id").asText()));
    assertThat(provider.launches).hasSize(2);
  }

  @Test
  void aProviderThatLaunchesNothingSaysHowToJoinNodes() {
    provider.external = true;
    start(0);
    String network = readyNetwork("external");
    String plane = cp.defaultControlPlaneId().toString();

    JsonNode group = put(configuration(plane, network)).json().at("/dataplane_groups/0");

    assertThat(group.get("state").asText()).isEqualTo("initializing");
    assertThat(group.at("/state_metadata/reported_status").asText()).isEqualTo("NOT_LAUNCHED");
    assertThat(group.at("/state_metadata/reason").asText())
        .contains("causeway data-plane --control-plane URL --join-token T", plane);
    assertThat(provider.launches).isEmpty();
  }

  private void start(int clusterPort) {
    cp = ControlPlane.start(Fixtures.options(dir.resolve("cp"))
        .withCluster("127.0.0.1", clusterPort)
        .withNodeCommand(List.of("java", "-cp", "causeway.jar", "io.causeway.cli.Main")),
        Fixtures.hooks(Fixtures.provider()).withProvider(provider));
    String token = cp.newAdminToken().orElseGet(() -> read(cp.adminTokenFile()));
    api = ApiClient.of(cp, token);
  }

  private static String read(Path file) {
    try {
      return java.nio.file.Files.readString(file).strip();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private ApiClient.Answer put(String body) {
    return api.send("PUT", CONFIGURATIONS, Optional.of(body), "application/json");
  }

  private JsonNode awaitGroup(String configuration, String state) {
    JsonNode[] group = new JsonNode[1];
    await().atMost(SOON).until(() -> {
      group[0] = api.get(CONFIGURATIONS + "/" + configuration).json().at("/dataplane_groups/0");
      return group[0].path("state").asText().equals(state);
    });
    return group[0];
  }

  private String readyNetwork(String name) {
    var created = api.post(NETWORKS, Fixtures.network(name, "10." + cidr++ + ".0.0/16"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    await().atMost(SOON).until(
        () -> api.get(NETWORKS + "/" + id).json().get("state").asText(), "ready"::equals);
    return id;
  }

  private static String configuration(String controlPlane, String network) {
    return """
        {"control_plane_id": "%s", "control_plane_geo": "us", "version": "3.10",
         "kind": "dedicated.v0", "api_access": "private+public",
         "dataplane_groups": [{"provider": "azure", "region": "local",
           "cloud_gateway_network_id": "%s",
           "autoscale": {"kind": "static", "instance_type": "small",
                         "requested_instances": 1}}]}
        """.formatted(controlPlane, network);
  }

  record Launched(DataPlaneGroupRef group, DataPlaneLaunch launch, String token) {}

  /**
   * The simulated provider's networks, plus placement kept in memory across control plane
   * restarts (like nodes that outlive the control plane); each launch mints its token.
   */
  static final class PlacingProvider extends SimulatedNetworks {
    static final String ADDRESS = "10.99.0.7";
    final List<Launched> launches = new CopyOnWriteArrayList<>();
    final List<UUID> removed = new CopyOnWriteArrayList<>();
    private final Map<UUID, Launched> placed = new ConcurrentHashMap<>();
    volatile boolean external;

    PlacingProvider(SimulatedProvider networks) {
      super(networks);
    }

    @Override
    public void placeDataPlanes(DataPlaneGroupRef group, DataPlaneLaunch launch) {
      if (!external && !placed.containsKey(group.groupId())) {
        Launched launched = new Launched(group, launch, launch.joinTokens().get());
        placed.put(group.groupId(), launched);
        launches.add(launched);
      }
    }

    @Override
    public DataPlaneObservation observeDataPlanes(DataPlaneGroupRef group) {
      if (external) {
        return super.observeDataPlanes(group);
      }
      return placed.containsKey(group.groupId())
          ? new DataPlaneObservation.Running(List.of(ADDRESS))
          : new DataPlaneObservation.Absent();
    }

    @Override
    public void removeDataPlanes(UUID groupId) {
      if (placed.remove(groupId) != null) {
        removed.add(groupId);
      }
    }

    @Override
    public List<UUID> placedDataPlaneGroups() {
      return List.copyOf(placed.keySet());
    }
  }
}
