package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import io.causeway.model.NetworkProviderFactory.Availability;
import io.causeway.model.ProviderSettings;
import io.causeway.provider.local.LocalProvider;
import io.causeway.provider.local.LocalProviderFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code causeway local ...} against a real control plane running the local provider (network
 * namespaces: root on Linux; skips loudly elsewhere unless {@code CAUSEWAY_REQUIRE_NETNS=1}).
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalCliIT {
  private static final String SUBSCRIPTION = "b2c3d4e5-f6a7-8901-bcde-f12345678901";

  private Path dataDir;
  private ControlPlane controlPlane;
  private Cli cli;

  @BeforeAll
  void start(@TempDir Path dir, @TempDir Path home) {
    dataDir = dir;
    requireNamespaces(dir);
    controlPlane =
        ControlPlane.start(
            new ControlPlaneOptions(
                dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
                "local", Duration.ofMillis(200), true, Map.of()));
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
    try {
      if (controlPlane != null) {
        controlPlane.close();
      }
    } finally {
      if (dataDir != null) {
        List<String> leftover = LocalProvider.create(dataDir).reset();
        if (!leftover.isEmpty()) {
          System.err.println("*** LocalCliIT cleaned up leftovers: " + leftover);
        }
      }
    }
  }

  private static void requireNamespaces(Path dir) {
    Availability availability =
        new LocalProviderFactory()
            .create(new ProviderSettings(dir, Map.of(), Duration.ofMillis(200)));
    if (availability instanceof Availability.Unavailable(String reason)) {
      String message =
          "local CLI tests need network namespaces: "
              + reason
              + " (set CAUSEWAY_REQUIRE_NETNS=1 to turn this skip into a failure)";
      if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_NETNS"))) {
        fail(message);
      }
      System.err.println("*** SKIPPED *** " + message);
      Assumptions.abort(message);
    }
  }

  private Cli.Result ok(String... args) {
    Cli.Result result = cli.run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  private static JsonNode json(Cli.Result result) {
    try {
      return Api.JSON.readTree(result.out());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result, e);
    }
  }

  @Test
  void createsListsExecsIntoAndDeletesAVnet() {
    Cli.Result created =
        ok("local", "vnet", "create", "--subscription", SUBSCRIPTION, "--resource-group", "rg-cli",
            "--name", "cli-vnet", "--cidr", "10.1.0.0/16");
    assertThat(created.out()).contains("cli-vnet", "10.1.0.0/16", "cw-");
    assertThat(created.err())
        .contains("--subscription-id " + SUBSCRIPTION, "--resource-group rg-cli",
            "--vnet-name cli-vnet");

    Cli.Result table = ok("local", "vnet", "list");
    assertThat(table.out()).contains("NAME", "CIDR", "cli-vnet", "10.1.0.1");
    JsonNode listed = json(ok("local", "vnet", "list", "-o", "json"));
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("name").asText()).isEqualTo("cli-vnet");
    assertThat(listed.get(0).get("present").asBoolean()).isTrue();

    Cli.Result addresses = ok("local", "vnet", "exec", "cli-vnet", "--", "ip", "-br", "addr");
    assertThat(addresses.out()).contains("10.1.0.1/16");
    Cli.Result failing =
        cli.run("local", "vnet", "exec", "cli-vnet", "--", "sh", "-c", "echo oops >&2; exit 7");
    assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(7);
    assertThat(failing.err()).contains("oops");
    JsonNode asJson =
        json(cli.run("local", "vnet", "exec", "cli-vnet", "-o", "json", "--", "echo", "hi"));
    assertThat(asJson.get("exit_code").asInt()).isZero();
    assertThat(asJson.get("stdout").asText()).isEqualTo("hi\n");

    Cli.Result conflict =
        cli.run("local", "vnet", "create", "--subscription", SUBSCRIPTION, "--resource-group",
            "rg-cli", "--name", "cli-vnet", "--cidr", "10.2.0.0/16");
    assertThat(conflict.exitCode()).isEqualTo(1);
    assertThat(conflict.err()).contains("Conflict (409)", "10.1.0.0/16");
    Cli.Result badCidr =
        cli.run("local", "vnet", "create", "--subscription", SUBSCRIPTION, "--resource-group",
            "rg-cli", "--name", "other", "--cidr", "10.2.0.0/99");
    assertThat(badCidr.exitCode()).isEqualTo(1);
    assertThat(badCidr.err()).contains("cidr: 10.2.0.0/99");

    ok("local", "vnet", "delete", "cli-vnet");
    assertThat(json(ok("local", "vnet", "list", "-o", "json"))).isEmpty();
    Cli.Result again = cli.run("local", "vnet", "delete", "cli-vnet");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("Not Found (404)", "cli-vnet");
    Cli.Result execGone = cli.run("local", "vnet", "exec", "cli-vnet", "--", "true");
    assertThat(execGone.exitCode()).isEqualTo(1);
  }

  @Test
  void resetRemovesTheVnetsNamespaces() {
    Cli.Result created =
        ok("local", "vnet", "create", "--subscription", SUBSCRIPTION, "--resource-group", "rg-cli",
            "--name", "reset-me", "--cidr", "10.3.0.0/16", "-o", "json");
    String namespace = json(created).get("namespace").asText();

    JsonNode reset = json(ok("local", "reset", "-o", "json"));
    assertThat(reset.get("removed").toString()).contains(namespace);
    assertThat(json(ok("local", "vnet", "list", "-o", "json"))).isEmpty();
    assertThat(ok("local", "reset").out()).contains("Nothing to remove.");
  }
}
