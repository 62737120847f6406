package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import io.causeway.model.NetworkProviderFactory.Availability;
import io.causeway.model.ProviderSettings;
import io.causeway.provider.local.LocalProvider;
import io.causeway.provider.local.LocalProviderFactory;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration on a local network launches a real {@code causeway data-plane} JVM in the
 * network's namespace (the default node command: this JVM, this class path, {@code
 * io.causeway.cli.Main}); it joins the control plane through the uplink, the group turns {@code
 * ready} with the uplink address, a restarted control plane adopts the node, and moving the group
 * to another network ends it. Needs network namespaces (root on Linux).
 */
@Timeout(180)
class LocalPlacementIT {
  private static final Duration READY = Duration.ofSeconds(90);

  @TempDir Path dataDir;
  @TempDir Path home;
  private ControlPlane controlPlane;
  private Cli cli;
  private int clusterPort;

  @BeforeEach
  void start() {
    requireNamespaces(dataDir);
    startControlPlane(0);
    clusterPort = controlPlane.clusterPort().orElseThrow();
  }

  @AfterEach
  void stop() {
    try {
      if (controlPlane != null) {
        controlPlane.close();
      }
    } finally {
      LocalProvider.create(dataDir).reset();
    }
  }

  @Test
  void aConfigurationOnALocalNetworkLaunchesAJoinedNodeAtTheUplinkAddress() throws Exception {
    String first = createReadyNetwork("place-a", "10.71.0.0/16");
    ok("configurations", "put", "--control-plane", "default", "--network", "place-a");

    String address = awaitReadyAddress(first);
    assertThat(address).startsWith("169.254.").isEqualTo(LocalProvider.create(dataDir)
        .uplink(UUID.fromString(first)).orElseThrow().namespaceAddress());
    await("the node joined").atMost(READY).until(() -> json(ok("nodes", "list",
        "--control-plane", "default", "-o", "json")).size() == 1);
    // The proxy inside the namespace answers (404: no route yet) at the uplink address.
    assertThat(status("http://" + address + ":8000/nothing-here")).isEqualTo(404);
    long pid = nodePid();

    controlPlane.close();
    controlPlane = null;
    assertThat(ProcessHandle.of(pid)).isPresent().get()
        .satisfies(p -> assertThat(p.isAlive()).isTrue());
    startControlPlane(clusterPort);
    assertThat(awaitReadyAddress(first)).isEqualTo(address);
    assertThat(nodePid()).as("the restarted control plane adopts the node").isEqualTo(pid);
    assertThat(json(ok("nodes", "list", "--control-plane", "default", "-o", "json"))).hasSize(1);

    String second = createReadyNetwork("place-b", "10.72.0.0/16");
    ok("configurations", "put", "--control-plane", "default", "--network", "place-b");
    awaitReadyAddress(second);
    await("the node of the removed group ends").atMost(READY)
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  private void startControlPlane(int port) {
    controlPlane = ControlPlane.start(
        new ControlPlaneOptions(dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(),
            Optional.empty(), "local", Duration.ofMillis(200), true, Map.of())
            .withCluster("0.0.0.0", port));
    String token = controlPlane.newAdminToken()
        .orElseGet(() -> read(controlPlane.adminTokenFile()).strip());
    cli = new Cli(Environment.of(Map.of(
        "CAUSEWAY_SERVER", controlPlane.apiUri().toString(),
        "CAUSEWAY_TOKEN", token,
        "CAUSEWAY_CONFIG", home.resolve("unused-config.json").toString()), home));
  }

  private String createReadyNetwork(String name, String cidr) {
    JsonNode created = json(ok("networks", "create", "--name", name, "--region", "local",
        "--availability-zones", "local-1", "--cidr-block", cidr, "-o", "json"));
    ok("wait", "network", name, "--for", "ready", "--timeout", "90s");
    return created.path("id").asText();
  }

  private String awaitReadyAddress(String network) {
    String[] address = new String[1];
    await("the data-plane group in " + network + " ready").atMost(READY)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          for (JsonNode c : json(ok("configurations", "list", "-o", "json"))) {
            for (JsonNode g : c.path("dataplane_groups")) {
              if (g.path("cloud_gateway_network_id").asText().equals(network)
                  && g.path("state").asText().equals("ready")
                  && !g.path("private_ip_addresses").isEmpty()) {
                address[0] = g.path("private_ip_addresses").get(0).asText();
                return true;
              }
            }
          }
          return false;
        });
    return address[0];
  }

  /** The pid of the one node launched under this data directory. */
  private long nodePid() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("local").resolve("nodes"))) {
      List<Path> pids = files.filter(p -> p.getFileName().toString().equals("node.pid"))
          .toList();
      assertThat(pids).hasSize(1);
      return Long.parseLong(Files.readString(pids.get(0), StandardCharsets.US_ASCII).strip());
    }
  }

  private static int status(String url) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  private Cli.Result ok(String... args) {
    Cli.Result result = cli.run(args);
    assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result).isZero();
    return result;
  }

  private static JsonNode json(Cli.Result result) {
    try {
      return Api.JSON.readTree(result.out());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void requireNamespaces(Path dir) {
    Availability availability = new LocalProviderFactory()
        .create(new ProviderSettings(dir, Map.of(), Duration.ofMillis(200)));
    if (availability instanceof Availability.Unavailable(String reason)) {
      String message = "local placement tests need network namespaces: " + reason
          + " (set CAUSEWAY_REQUIRE_NETNS=1 to turn this skip into a failure)";
      if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_NETNS"))) {
        fail(message);
      }
      System.err.println("*** SKIPPED *** " + message);
      Assumptions.abort(message);
    }
  }
}
