package io.causeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterClientOptionsTest {
  @Test
  void aBareHostAndPortMeansHttpsWithKongsTimings() {
    ClusterClientOptions options =
        ClusterClientOptions.of("cp.internal:8005", Optional.empty(), Path.of("d"), "h");

    assertThat(options.controlPlane()).isEqualTo(URI.create("https://cp.internal:8005"));
    assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.backoffMax()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void plainHttpAndInvertedBackoffAreRefused() {
    assertThatThrownBy(() ->
            ClusterClientOptions.of("http://cp:8005", Optional.empty(), Path.of("d"), "h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://HOST:PORT");
    ClusterClientOptions ok = ClusterClientOptions.of("cp:1", Optional.empty(), Path.of("d"), "h");
    assertThatThrownBy(() -> ok.withTimings(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMalformedJoinTokenIsRefusedBeforeAnyConnection(@TempDir Path dir) {
    assertThatThrownBy(() -> ClusterIdentity.join(URI.create("https://127.0.0.1:1"),
            "cwt_not-a-join-token", "h", "v", dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cwj1.");
    assertThat(ClusterIdentity.load(dir)).isEmpty();
  }
}
