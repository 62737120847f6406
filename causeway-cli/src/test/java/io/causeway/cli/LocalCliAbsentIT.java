package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code causeway local ...} against a control plane without the local provider. */
@Timeout(60)
class LocalCliAbsentIT {
  @TempDir Path dataDir;
  @TempDir Path home;

  @Test
  void saysWhatTheLocalProviderNeeds() {
    try (ControlPlane cp =
        ControlPlane.start(
            new ControlPlaneOptions(
                dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
                "simulated", Duration.ofMillis(200), true, Map.of()))) {
      Cli cli =
          new Cli(
              Environment.of(
                  Map.of(
                      "CAUSEWAY_SERVER", cp.apiUri().toString(),
                      "CAUSEWAY_TOKEN", cp.newAdminToken().orElseThrow(),
                      "CAUSEWAY_CONFIG", home.resolve("unused-config.json").toString()),
                  home));
      for (String[] args :
          new String[][] {
            {"local", "vnet", "list"},
            {"local", "vnet", "create", "--subscription", "b2c3d4e5-f6a7-8901-bcde-f12345678901",
              "--resource-group", "rg", "--name", "x", "--cidr", "10.1.0.0/16"},
            {"local", "vnet", "exec", "x", "--", "true"},
            {"local", "reset"}
          }) {
        Cli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err())
            .contains("--provider local", "root or CAP_NET_ADMIN", "sudo ./causeway up");
      }
    }
  }
}
