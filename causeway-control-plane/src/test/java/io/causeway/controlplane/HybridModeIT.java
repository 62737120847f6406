package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.causeway.gateway.ClusterClient;
import io.causeway.gateway.ClusterClientOptions;
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import io.causeway.model.TransitGatewayState;
import io.causeway.store.TransitGatewayRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid mode end to end on loopback: one control plane, two data planes joined with tokens over
 * mutual TLS, a real upstream. Configuration written through the API serves on both; the data
 * planes outlive the control plane, resync when it returns, and start from their cache.
 */
@Timeout(120)
class HybridModeIT {
  private static final Duration SOON = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private HttpServer upstream;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
    http.close();
  }

  private <T extends AutoCloseable> T keep(T resource) {
    open.add(resource);
    return resource;
  }

  private int startUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      byte[] body = ("upstream saw " + exchange.getRequestURI().getPath())
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    upstream.start();
    return upstream.getAddress().getPort();
  }

  /** A data plane on ephemeral loopback ports, linked to the cluster listener. */
  private record Node(DataPlane dataPlane, ClusterClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      dataPlane.close();
    }
  }

  private Node node(String name, int clusterPort, Optional<String> token) {
    Path data = dir.resolve("dp-" + name);
    DataPlane dp = DataPlane.start(DataPlaneOptions.named(name).withDataDir(data)
        .withProxy("127.0.0.1", 0, -1).withStatus("127.0.0.1", 0));
    try {
      ClusterClient client = ClusterClient.start(dp, ClusterClientOptions.of(
              "https://127.0.0.1:" + clusterPort, token, data, "host-" + name)
          .withTimings(Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(400),
              42));
      return new Node(dp, client);
    } catch (RuntimeException e) {
      dp.close();
      throw e;
    }
  }

  private String joinToken(HybridControlPlane cp) {
    ApiClient.Answer answer = cp.client().post(cp.base() + "/join-tokens", "{}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().path("token").asText();
  }

  private int status(Node node, String path) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.dataPlane().proxyPort()
              + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          && !response.body().equals("upstream saw " + path) ? -1 : response.statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitStatus(Node node, String path, int expected) {
    await().atMost(SOON).untilAsserted(() -> assertThat(status(node, path)).isEqualTo(expected));
  }

  @Test
  void configurationWrittenThroughTheApiServesOnEveryDataPlaneAndSurvivesTheControlPlane()
      throws Exception {
    int upstreamPort = startUpstream();
    HybridControlPlane cp = HybridControlPlane.start(dir.resolve("cp"), 0);
    int clusterPort = cp.clusterPort();
    Node a = keep(node("a", clusterPort, Optional.of(joinToken(cp))));
    Node b = keep(node("b", clusterPort, Optional.of(joinToken(cp))));
    await().atMost(SOON).until(() -> a.client().isConnected() && b.client().isConnected());
    String entities = cp.base() + "/core-entities";

    ApiClient api = cp.client();
    assertThat(api.post(entities + "/services", "{\"name\":\"orders\",\"url\":"
        + "\"http://127.0.0.1:" + upstreamPort + "\"}").status()).isEqualTo(201);
    ApiClient.Answer route = api.post(entities + "/services/orders/routes",
        "{\"name\":\"orders\",\"paths\":[\"/orders\"],\"strip_path\":false}");
    assertThat(route.status()).as(route.body()).isEqualTo(201);
    awaitStatus(a, "/orders/42", 200);
    awaitStatus(b, "/orders/42", 200);
    await().atMost(SOON).untilAsserted(() -> {
      JsonNode nodes = api.get(cp.base() + "/nodes").json();
      assertThat(nodes.path("page").path("total_count").asInt()).isEqualTo(2);
      assertThat(nodes.path("items")).allSatisfy(n ->
          assertThat(n.path("in_sync").asBoolean()).as(n.toString()).isTrue());
    });

    assertThat(api.delete(entities + "/routes/orders").status()).isEqualTo(204);
    awaitStatus(a, "/orders/42", 404);
    awaitStatus(b, "/orders/42", 404);
    assertThat(api.post(entities + "/services/orders/routes",
        "{\"name\":\"orders\",\"paths\":[\"/orders\"],\"strip_path\":false}").status())
        .isEqualTo(201);
    awaitStatus(a, "/orders/1", 200);
    awaitStatus(b, "/orders/1", 200);

    cp.close();
    await().atMost(SOON).until(() -> !a.client().isConnected() && !b.client().isConnected());
    assertThat(status(a, "/orders/2")).isEqualTo(200);
    assertThat(status(b, "/orders/2")).isEqualTo(200);

    HybridControlPlane again = HybridControlPlane.start(dir.resolve("cp"), clusterPort);
    open.add(0, again);
    assertThat(again.client().post(entities + "/services/orders/routes",
        "{\"name\":\"billing\",\"paths\":[\"/billing\"],\"strip_path\":false}").status())
        .isEqualTo(201);
    awaitStatus(a, "/billing/7", 200);
    awaitStatus(b, "/billing/7", 200);

    open.remove(a);
    a.close();
    again.close();
    open.remove(again);
    assertThat(dir.resolve("dp-a").resolve("config-cache.json")).satisfies(p ->
        assertThat(Files.exists(p)).isTrue());
    Node restarted = keep(node("a", clusterPort, Optional.empty()));
    assertThat(restarted.client().isConnected()).isFalse();
    assertThat(status(restarted, "/orders/3")).isEqualTo(200);
    assertThat(status(restarted, "/billing/3")).isEqualTo(200);
  }

  /** The snapshot a data plane applied last, as it cached it (the message as received). */
  private String cached(String name) throws IOException {
    Path file = dir.resolve("dp-" + name).resolve("config-cache.json");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void dataPlanesInDifferentNetworksForwardDnsOnlyToTheirOwnNetworksGateways() throws Exception {
    HybridControlPlane cp = keep(HybridControlPlane.start(dir.resolve("cp"), 0));
    UUID a = cp.placeInNetwork("a");
    UUID b = cp.placeInNetwork("b");
    cp.gateway(a, "a-dns", "10.1.0.2", "a.example", TransitGatewayState.READY);
    TransitGatewayRow late = cp.gateway(a, "a-late", "10.1.0.3", "late.example",
        TransitGatewayState.INITIALIZING);
    cp.gateway(b, "b-dns", "10.2.0.2", "b.example", TransitGatewayState.READY);
    ApiClient api = cp.client();
    Node inA = keep(node("a", cp.clusterPort(), Optional.of(api.post(cp.base() + "/join-tokens",
        "{\"cloud_gateway_network_id\":\"" + a + "\"}").json().path("token").asText())));
    Node inB = keep(node("b", cp.clusterPort(), Optional.of(api.post(cp.base() + "/join-tokens",
        "{\"cloud_gateway_network_id\":\"" + b + "\"}").json().path("token").asText())));
    Node nowhere = keep(node("c", cp.clusterPort(), Optional.of(joinToken(cp))));

    await().atMost(SOON).untilAsserted(() -> {
      assertThat(cached("a")).contains("a.example").doesNotContain("b.example", "late.example");
      assertThat(cached("b")).contains("b.example").doesNotContain("a.example");
      assertThat(cached("c")).contains("\"dns_forwarding\":[]");
    });
    await().atMost(SOON).untilAsserted(() -> {
      JsonNode nodes = api.get(cp.base() + "/nodes").json().path("items");
      assertThat(nodes).hasSize(3).allSatisfy(n ->
          assertThat(n.path("in_sync").asBoolean()).as(n.toString()).isTrue());
      assertThat(nodes).extracting(n -> n.path("cloud_gateway_network_id").asText(""))
          .containsExactlyInAnyOrder(a.toString(), b.toString(), "");
    });
    assertThat(inA.client().configHash()).isNotEqualTo(inB.client().configHash())
        .isNotEqualTo(nowhere.client().configHash());

    // The reconciler's kind of write: the gateway becomes ready. No entity changes, so no
    // version poll would ever push this; the DNS epoch the same transaction moved does.
    long version = inA.client().appliedVersion();
    TransitGatewayRow row = cp.store().transitGateways().findById(late.id()).orElseThrow();
    cp.store().transitGateways().update(row.withState(TransitGatewayState.READY.wire(),
        Optional.empty(), Optional.empty()), row.entityVersion()).orElseThrow();

    await().atMost(SOON).untilAsserted(() ->
        assertThat(cached("a")).contains("a.example", "late.example"));
    assertThat(inA.client().appliedVersion()).isEqualTo(version);
    assertThat(cached("b")).doesNotContain("late.example");
  }

  @Test
  void theControlPlaneProcessRunsTheClusterListenerAndMintsTokensForItsEmbeddedDataPlane()
      throws Exception {
    int upstreamPort = startUpstream();
    ControlPlane cp = keep(ControlPlane.start(
        Fixtures.options(dir.resolve("cp")).withCluster("127.0.0.1", 0),
        Fixtures.hooks(Fixtures.provider())));
    String token = cp.mintJoinToken(cp.defaultControlPlaneId());
    DataPlane embedded = keep(DataPlane.start(DataPlaneOptions.named("embedded")
        .withDataDir(dir.resolve("dp-embedded")).withProxy("127.0.0.1", 0, -1)
        .withStatus("127.0.0.1", 0)
        .withControlPlane(cp.clusterUri().orElseThrow().toString(), Optional.of(token))));
    ClusterClient client = embedded.cluster().orElseThrow();
    Node node = new Node(embedded, client);
    await().atMost(SOON).until(client::isConnected);

    ApiClient api = ApiClient.of(cp, cp.newAdminToken().orElseThrow());
    String entities = "/v2/control-planes/" + cp.defaultControlPlaneId() + "/core-entities";
    assertThat(api.post(entities + "/services", "{\"name\":\"s\",\"url\":"
        + "\"http://127.0.0.1:" + upstreamPort + "\"}").status()).isEqualTo(201);
    assertThat(api.post(entities + "/services/s/routes", "{\"paths\":[\"/hello\"],"
        + "\"strip_path\":false}").status()).isEqualTo(201);

    awaitStatus(node, "/hello", 200);
    assertThat(cp.clusterUri()).contains(URI.create("https://127.0.0.1:"
        + cp.clusterPort().orElseThrow()));
  }
}
