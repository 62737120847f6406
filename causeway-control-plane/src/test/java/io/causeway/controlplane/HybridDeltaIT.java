package io.causeway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.gateway.ClusterClient;
import io.causeway.gateway.ClusterClientOptions;
import io.causeway.gateway.DataPlane;
import io.causeway.gateway.DataPlaneOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots on the wire as deltas (docs/hybrid.md, "Deltas"): a control plane and one data plane
 * on loopback.
 */
@Timeout(120)
class HybridDeltaIT {
  private static final Duration SOON = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void writesReachADataPlaneAsDeltasThatEqualTheWholeDocumentAndAReconnectGetsAWholeOne() {
    try (HybridControlPlane cp = HybridControlPlane.start(dir.resolve("cp"), 0)) {
      ApiClient api = cp.client();
      String token = api.post(cp.base() + "/join-tokens", "{}").json().path("token").asText();
      Path data = dir.resolve("dp");
      try (DataPlane dp = DataPlane.start(DataPlaneOptions.named("dp").withDataDir(data)
          .withProxy("127.0.0.1", 0, -1).withStatus("127.0.0.1", 0))) {
        ClusterClient first = ClusterClient.start(dp, ClusterClientOptions.of(
            cp.clusterUri().toString(), Optional.of(token), data, "dp"));
        try {
          String entities = cp.base() + "/core-entities";
          assertThat(api.post(entities + "/services", "{\"name\":\"s\",\"url\":"
              + "\"http://127.0.0.1:9\"}").status()).isEqualTo(201);
          awaitInSync(cp, first);
          for (int i = 0; i < 8; i++) {
            ApiClient.Answer created = api.post(entities + "/services/s/routes",
                "{\"name\":\"r" + i + "\",\"paths\":[\"/r" + i + "\"]}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            if (i % 3 == 2) {
              assertThat(api.delete(entities + "/routes/r" + (i - 1)).status()).isEqualTo(204);
            }
            // Each patched document hashes to what the control plane builds whole.
            awaitInSync(cp, first);
          }
          assertThat(first.deltasApplied()).isPositive();
          assertThat(first.resyncs()).isZero();
        } finally {
          first.close();
        }

        // A new connection starts from a whole snapshot (here: the one the node already serves).
        ClusterClient second = ClusterClient.start(dp, ClusterClientOptions.of(
            cp.clusterUri().toString(), Optional.empty(), data, "dp"));
        try {
          await().atMost(SOON).until(second::isConnected);
          awaitInSync(cp, second);
          assertThat(second.deltasApplied()).isZero();
          assertThat(api.post(cp.base() + "/core-entities/services/s/routes",
              "{\"name\":\"after\",\"paths\":[\"/after\"]}").status()).isEqualTo(201);
          awaitInSync(cp, second);
          assertThat(second.deltasApplied()).isEqualTo(1);
          assertThat(second.resyncs()).isZero();
        } finally {
          second.close();
        }
      }
    }
  }

  /** The node reports the control plane's expected hash, and the client serves that hash. */
  private static void awaitInSync(HybridControlPlane cp, ClusterClient client) {
    await().atMost(SOON).untilAsserted(() -> {
      JsonNode node = cp.client().get(cp.base() + "/nodes").json().path("items").path(0);
      assertThat(node.path("in_sync").asBoolean()).as(node.toString()).isTrue();
      assertThat(client.configHash()).isEqualTo(node.path("config_hash").asText());
    });
  }
}
