package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCacheTest {
  private static final String CONFIG = "{\"_format_version\":\"3.0\",\"services\":[{\"name\":\"s\","
      + "\"url\":\"http://127.0.0.1:9\",\"routes\":[{\"name\":\"r\",\"paths\":[\"/a\"]}]}]}";

  @Test
  void aStoredSnapshotLoadsBackWithItsVersionAndConfiguration(@TempDir Path dir) throws Exception {
    SnapshotCache cache = new SnapshotCache(dir);
    GatewayConfig config = DeclarativeConfig.parse(CONFIG, "c.json");

    String hash = ClusterClient.sha256(CONFIG);
    cache.store("{\"type\":\"reconfigure\",\"version\":7,\"config_hash\":\"" + hash
        + "\",\"config\":" + CONFIG + "}");
    SnapshotCache.Cached loaded = new SnapshotCache(dir).load().orElseThrow();

    assertThat(loaded.version()).isEqualTo(7);
    assertThat(loaded.configHash()).isEqualTo(hash);
    assertThat(loaded.config().hash()).isEqualTo(config.hash());
    assertThat(dir.resolve(SnapshotCache.FILE + ".tmp")).doesNotExist();
  }

  @Test
  void theSnapshotDocumentIsCutFromTheMessageExactlyAsSent() {
    String message = "{\"type\":\"reconfigure\",\"version\":3,\"config_hash\":\"h\",\"config\":"
        + CONFIG + "}";

    assertThat(ClusterClient.configOf(message)).contains(CONFIG);
    assertThat(ClusterClient.configOf("{\"type\":\"pong\"}")).isEmpty();
  }

  @Test
  void aMissingOrDamagedCacheIsIgnored(@TempDir Path dir) throws Exception {
    SnapshotCache cache = new SnapshotCache(dir);
    assertThat(cache.load()).isEmpty();

    Files.writeString(cache.file(), "{\"version\":1,\"config\":{\"_format_version\":\"2.1\"}}");
    assertThat(cache.load()).isEmpty();
    Files.writeString(cache.file(), "{trunc");
    assertThat(cache.load()).isEmpty();
  }
}
