package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.gateway.ClusterClient;
import io.causeway.gateway.ClusterClientOptions;
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import io.causeway.gateway.NodeTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane's side of deltas (docs/hybrid.md, "Deltas on the wire"), spoken by the test
 * itself as a joined node: a connection starts whole, continues with deltas that patch into the
 * announced document, and a {@code resync} brings the current snapshot whole again.
 */
@Timeout(120)
class ClusterResyncIT {
  @TempDir Path dir;

  @Test
  void aConnectionStartsWholeGetsDeltasAndAResyncBringsAWholeSnapshotAgain() throws Exception {
    try (HybridControlPlane cp = HybridControlPlane.start(dir.resolve("cp"), 0)) {
      ApiClient api = cp.client();
      String token = api.post(cp.base() + "/join-tokens", "{}").json().path("token").asText();
      Path data = dir.resolve("dp");
      // A real data plane joins once (the node's certificate lands in its data directory).
      try (DataPlane dp = DataPlane.start(DataPlaneOptions.named("dp").withDataDir(data)
              .withProxy("127.0.0.1", 0, -1).withStatus("127.0.0.1", 0));
          ClusterClient joined = ClusterClient.start(dp, ClusterClientOptions.of(
              cp.clusterUri().toString(), Optional.of(token), data, "dp"))) {
        await().atMost(Duration.ofSeconds(20)).until(joined::isConnected);
      }
      String entities = cp.base() + "/core-entities";
      assertThat(api.post(entities + "/services", "{\"name\":\"s\",\"url\":"
          + "\"http://127.0.0.1:9\"}").status()).isEqualTo(201);

      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      try (HttpClient http = HttpClient.newBuilder().sslContext(NodeTls.of(data)).build()) {
        URI outlet = URI.create("wss://" + cp.clusterUri().getRawAuthority()
            + "/v1/outlet?node_hostname=dp&node_version=test&config_hash=");
        WebSocket ws = http.newWebSocketBuilder().buildAsync(outlet, new Collector(received))
            .get(20, TimeUnit.SECONDS);
        try {
          String first = next(received);
          JsonNode whole = Json.read(first);
          assertThat(whole.path("type").asText()).isEqualTo("reconfigure");
          // The document exactly as sent: the control plane writes config last.
          String held = first.substring(first.indexOf(",\"config\":") + ",\"config\":".length(),
              first.length() - 1);
          assertThat(SnapshotModel.hash(held)).isEqualTo(whole.path("config_hash").asText());

          assertThat(api.post(entities + "/services/s/routes",
              "{\"name\":\"r\",\"paths\":[\"/r\"]}").status()).isEqualTo(201);
          JsonNode delta = Json.read(next(received));
          assertThat(delta.path("type").asText()).isEqualTo("delta");
          assertThat(delta.path("base_hash").asText())
              .isEqualTo(whole.path("config_hash").asText());
          String patched = held.substring(0, delta.path("start").asInt())
              + delta.path("text").asText() + held.substring(delta.path("end").asInt());
          assertThat(SnapshotModel.hash(patched)).isEqualTo(delta.path("config_hash").asText());

          ws.sendText("{\"type\":\"resync\"}", true).get(10, TimeUnit.SECONDS);
          JsonNode again = Json.read(next(received));
          assertThat(again.path("type").asText()).isEqualTo("reconfigure");
          assertThat(again.path("version").asLong()).isEqualTo(delta.path("version").asLong());
          assertThat(again.path("config_hash").asText())
              .isEqualTo(delta.path("config_hash").asText());
        } finally {
          ws.abort();
        }
      }
    }
  }

  private static String next(BlockingQueue<String> received) throws InterruptedException {
    String message = received.poll(20, TimeUnit.SECONDS);
    assertThat(message).as("a message from the control plane").isNotNull();
    return message;
  }

  /** Joins text frames into messages (the client delivers one part at a time: request(1)). */
  private static final class Collector implements WebSocket.Listener {
    private final BlockingQueue<String> received;
    private final StringBuilder parts = new StringBuilder();

    Collector(BlockingQueue<String> received) {
      this.received = received;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      parts.append(data);
      if (last) {
        received.add(parts.toString());
        parts.setLength(0);
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }
  }
}
