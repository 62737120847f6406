package io.causeway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.causeway.model.DataPlaneGroupRef;
import io.causeway.model.DataPlaneLaunch;
import io.causeway.model.DataPlaneObservation;
import io.causeway.model.NetworkRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-plane placement of the local provider against the real kernel. The node command is a small
 * Python HTTP server on port 8000 (it ignores the data-plane arguments appended to it), so these
 * tests prove the launcher: namespace, reachability at the uplink address, adoption, removal.
 */
@Timeout(120)
class LocalPlacementIT {
  private static final String HTTP_SERVER =
      "import http.server\n"
          + "http.server.ThreadingHTTPServer(('0.0.0.0', 8000),"
          + " http.server.SimpleHTTPRequestHandler).serve_forever()\n";
  // The system interpreter: a version-manager shim would run helper processes first.
  private static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;
  private LocalFixture fixture;
  private final AtomicInteger minted = new AtomicInteger();

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
  void aPlacedNodeRunsInTheNamespaceAndAnswersAtTheUplinkAddress() throws Exception {
    NetworkRef network = readyNetwork("reach", "10.41.0.0/16");
    DataPlaneGroupRef group = group("reach", network);
    LocalUplink uplink = fixture.provider.uplink(network.networkId()).orElseThrow();

    fixture.provider.placeDataPlanes(group, launch(List.of(PYTHON, "-c", HTTP_SERVER)));

    await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.provider.observeDataPlanes(group))
        .isEqualTo(new DataPlaneObservation.Running(List.of(uplink.namespaceAddress()))));
    assertThat(get("http://" + uplink.namespaceAddress() + ":8000/")).isEqualTo(200);
    ProcessHandle node = node(network, group);
    assertThat(fixture.netns.processes(uplink.namespace())).contains(node);
    String cmdline = cmdline(node);
    assertThat(cmdline)
        .contains("data-plane")
        .contains("--control-plane https://" + uplink.hostAddress() + ":8005")
        .contains("--proxy-port 8000")
        .doesNotContain("token-1");
    // The join token travels in the environment, which only the node's user and root can read.
    assertThat(environ(node)).contains(LocalPlacement.JOIN_TOKEN_ENV + "=token-1");
    assertThat(minted).hasValue(1);
  }

  @Test
  void aNewProviderInstanceAdoptsTheRunningNodeWithoutLaunchingAnother() {
    NetworkRef network = readyNetwork("adopt", "10.42.0.0/16");
    DataPlaneGroupRef group = group("adopt", network);
    fixture.provider.placeDataPlanes(group, launch(List.of(PYTHON, "-c", HTTP_SERVER)));
    ProcessHandle first = node(network, group);

    // The first provider object is dropped (as by a control plane crash); the node lives on.
    LocalProvider restarted = LocalProvider.create(dataDir);
    restarted.placeDataPlanes(group, launch(List.of(PYTHON, "-c", HTTP_SERVER)));

    assertThat(first.isAlive()).isTrue();
    assertThat(node(network, group)).isEqualTo(first);
    assertThat(minted).hasValue(1);
    assertThat(restarted.placedDataPlaneGroups()).containsExactly(group.groupId());
    String namespace = LocalProvider.networkNamespace(network.networkId());
    await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.netns.processes(namespace)
        .stream().filter(p -> cmdline(p).contains("http.server"))).containsExactly(first));
    await().atMost(WAIT).untilAsserted(() -> assertThat(restarted.observeDataPlanes(group))
        .isInstanceOf(DataPlaneObservation.Running.class));
  }

  @Test
  void removingTheGroupEndsItsNodeAndForgetsIt() {
    NetworkRef network = readyNetwork("remove", "10.43.0.0/16");
    DataPlaneGroupRef group = group("remove", network);
    fixture.provider.placeDataPlanes(group, launch(List.of(PYTHON, "-c", HTTP_SERVER)));
    ProcessHandle node = node(network, group);

    LocalProvider.create(dataDir).removeDataPlanes(group.groupId());

    await().atMost(WAIT).until(() -> !node.isAlive());
    assertThat(fixture.provider.observeDataPlanes(group))
        .isInstanceOf(DataPlaneObservation.Absent.class);
    assertThat(fixture.provider.placedDataPlaneGroups()).isEmpty();
    fixture.provider.removeDataPlanes(group.groupId());
  }

  @Test
  void deletingTheNetworkAndResettingEndTheNodes() {
    NetworkRef deleted = readyNetwork("deleted", "10.44.0.0/16");
    NetworkRef reset = readyNetwork("reset", "10.45.0.0/16");
    DataPlaneGroupRef inDeleted = group("deleted", deleted);
    DataPlaneGroupRef inReset = group("reset", reset);
    fixture.provider.placeDataPlanes(inDeleted, launch(List.of(PYTHON, "-c", HTTP_SERVER)));
    fixture.provider.placeDataPlanes(inReset, launch(List.of(PYTHON, "-c", HTTP_SERVER)));
    ProcessHandle first = node(deleted, inDeleted);
    ProcessHandle second = node(reset, inReset);

    fixture.provider.deleteNetwork(deleted);
    await().atMost(WAIT).until(() -> !first.isAlive());
    assertThat(second.isAlive()).isTrue();
    assertThat(fixture.provider.placedDataPlaneGroups()).containsExactly(inReset.groupId());

    LocalProvider.create(dataDir).reset();
    await().atMost(WAIT).until(() -> !second.isAlive());
    assertThat(fixture.provider.placedDataPlaneGroups()).isEmpty();
  }

  @Test
  void aNodeThatExitsIsReportedFailedWithItsLogAndIsLaunchedAgain() {
    NetworkRef network = readyNetwork("exits", "10.46.0.0/16");
    DataPlaneGroupRef group = group("exits", network);
    List<String> failing = List.of("sh", "-c", "echo cannot bind port 8000 >&2; exit 3", "node");

    fixture.provider.placeDataPlanes(group, launch(failing));

    await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.provider.observeDataPlanes(group))
        .isInstanceOfSatisfying(DataPlaneObservation.Failed.class,
            f -> assertThat(f.reason()).contains("cannot bind port 8000")));
    fixture.provider.placeDataPlanes(group, launch(List.of(PYTHON, "-c", HTTP_SERVER)));
    await().atMost(WAIT).untilAsserted(() -> assertThat(fixture.provider.observeDataPlanes(group))
        .isInstanceOf(DataPlaneObservation.Running.class));
    assertThat(minted).hasValue(2);
  }

  private NetworkRef readyNetwork(String label, String cidr) {
    NetworkRef network = fixture.network(label, cidr);
    fixture.provider.createNetwork(network);
    return network;
  }

  private DataPlaneGroupRef group(String label, NetworkRef network) {
    return new DataPlaneGroupRef(fixture.id("group/" + label), fixture.id("cp/" + label), network, 1);
  }

  private DataPlaneLaunch launch(List<String> command) {
    return new DataPlaneLaunch(8005, command, () -> "token-" + minted.incrementAndGet());
  }

  private ProcessHandle node(NetworkRef network, DataPlaneGroupRef group) {
    NodeProcesses nodes =
        new NodeProcesses(fixture.netns.ip(), dataDir.resolve("local").resolve("nodes"));
    UUID groupId = group.groupId();
    return nodes.running(nodes.directory(network.networkId(), groupId, 0)).orElseThrow();
  }

  private static List<String> environ(ProcessHandle process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", "" + process.pid(), "environ"));
      return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String cmdline(ProcessHandle process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", "" + process.pid(), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static int get(String url) throws Exception {
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
