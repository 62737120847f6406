package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code causeway demo} where it cannot run: a control plane with the simulated provider, and no
 * control plane at all. Both say what to do; nothing is created. (The demo itself, on the local
 * provider, is in {@link LocalEndToEndIT}.)
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {
  private ControlPlane controlPlane;
  private Cli cli;

  @BeforeAll
  void start(@TempDir Path dataDir, @TempDir Path home) {
    controlPlane =
        ControlPlane.start(
            new ControlPlaneOptions(
                dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
                "simulated", Duration.ofMillis(200), true, Map.of()));
    cli =
        new Cli(
            Environment.of(
                Map.of(
                    "CAUSEWAY_SERVER", controlPlane.apiUri().toString(),
                    "CAUSEWAY_TOKEN", controlPlane.newAdminToken().orElseThrow(),
                    "CAUSEWAY_CONFIG", home.resolve("unused-config.json").toString()),
                home));
  }

  @AfterAll
  void stop() {
    controlPlane.close();
  }

  @Test
  void refusesAControlPlaneWithoutTheLocalProviderAndSaysToRunUpAsRoot() {
    for (String[] args : new String[][] {{"demo"}, {"demo", "--down"}}) {
      Cli.Result result = cli.run(args);
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.err())
          .contains("needs the local provider", "[simulated]", "sudo ./causeway up");
    }
    String networks = cli.run("networks", "list", "-o", "json").out();
    assertThat(networks.replaceAll("\\s", "")).isEqualTo("[]");
  }

  @Test
  void withoutARunningControlPlaneSaysToStartOneAsRoot() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Cli.Result result = cli.run("demo", "--server", "http://127.0.0.1:" + closedPort);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("Cannot reach the Causeway API at http://127.0.0.1:" + closedPort)
        .contains("sudo ./causeway up");
  }
}
