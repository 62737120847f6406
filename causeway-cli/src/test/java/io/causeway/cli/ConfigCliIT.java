package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code config apply|dump} against a real control plane on a loopback port. */
@Timeout(90)
class ConfigCliIT {
  private static final String KONG = """
      _format_version: "3.0"
      services:
        - name: orders
          url: http://orders.internal:8080/v1
          routes:
            - name: orders
              paths: ["/orders"]
      upstreams:
        - name: orders.upstream
          targets:
            - target: 10.1.0.7:8080
      """;

  @TempDir Path dir;
  private ControlPlane controlPlane;
  private Cli cli;

  @BeforeEach
  void start() {
    controlPlane = ControlPlane.start(new ControlPlaneOptions(dir.resolve("cp"), "127.0.0.1", 0,
        Optional.empty(), Optional.empty(), Optional.empty(), "simulated",
        Duration.ofMillis(200), true, Map.of()));
    cli = new Cli(Environment.of(Map.of(
        "CAUSEWAY_SERVER", controlPlane.apiUri().toString(),
        "CAUSEWAY_TOKEN", controlPlane.newAdminToken().orElseThrow(),
        "CAUSEWAY_CONFIG", dir.resolve("unused-config.json").toString()), dir));
  }

  @AfterEach
  void stop() {
    controlPlane.close();
  }

  private Cli.Result ok(String... args) {
    Cli.Result result = cli.run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  @Test
  void dryRunShowsTheDiffThenApplyAndDumpRoundTrip() throws IOException {
    Path file = Files.writeString(dir.resolve("kong.yaml"), KONG);

    Cli.Result dry = ok("config", "apply", file.toString(), "--dry-run");
    assertThat(dry.out())
        .contains("services: 1 to create (orders), 0 to delete, 0 kept")
        .contains("targets: 1 to create (orders.upstream/10.1.0.7:8080)")
        .contains("Server dry run: 4 created, 0 updated, 0 deleted, 0 unchanged")
        .contains("Dry run: nothing applied.");
    JsonNode empty = new YAMLMapper().readTree(ok("config", "dump").out());
    assertThat(empty.path("services")).isEmpty();

    assertThat(ok("config", "apply", file.toString(), "--control-plane", "default").out())
        .contains("Applied: configuration version");
    String yaml = ok("config", "dump").out();
    assertThat(yaml).contains("_format_version: \"3.0\"");
    JsonNode dumped = new YAMLMapper().readTree(yaml);
    assertThat(dumped.at("/services/0/host").asText()).isEqualTo("orders.internal");
    assertThat(dumped.at("/routes/0/paths/0").asText()).isEqualTo("/orders");
    assertThat(dumped.at("/targets/0/target").asText()).isEqualTo("10.1.0.7:8080");
    JsonNode asJson = new ObjectMapper().readTree(ok("config", "dump", "-o", "json").out());
    assertThat(asJson).isEqualTo(dumped);

    // The dump applied back changes nothing, in either format.
    Path back = Files.writeString(dir.resolve("dump.yaml"), yaml);
    assertThat(ok("config", "apply", back.toString()).out())
        .contains("services: 0 to create, 0 to delete, 1 kept")
        .contains("Server dry run: 0 created, 0 updated, 0 deleted, 4 unchanged");
    Path json = Files.writeString(dir.resolve("dump.json"), asJson.toString());
    assertThat(ok("config", "apply", json.toString(), "--dry-run").out())
        .contains("4 unchanged");

    Path smaller = Files.writeString(dir.resolve("smaller.yaml"), """
        _format_version: "3.0"
        services:
          - name: orders
            url: http://orders.internal:9090
        """);
    assertThat(ok("config", "apply", smaller.toString()).out())
        .contains("routes: 0 to create, 1 to delete (orders), 0 kept")
        .contains("1 updated, 3 deleted");
    assertThat(new YAMLMapper().readTree(ok("config", "dump").out()).at("/services/0/port")
        .asInt()).isEqualTo(9090);
  }

  @Test
  void anInvalidFileIsRefusedWithItsPathAndNothingChanges() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), KONG.replace("/orders", "orders"));

    Cli.Result refused = cli.run("config", "apply", file.toString());

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("services.0.routes.0.paths.0");
    assertThat(new YAMLMapper().readTree(ok("config", "dump").out()).path("services")).isEmpty();
    Cli.Result missing = cli.run("config", "apply", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
  }

  @Test
  void configurationsPutPlacesTheControlPlaneInANetworkAndRefusesAnIdenticalPut()
      throws IOException {
    ok("networks", "create", "--name", "prod", "--region", "local",
        "--availability-zones", "local-1", "--cidr-block", "10.20.0.0/16");
    await().atMost(Duration.ofSeconds(20)).until(() -> new ObjectMapper().readTree(
        ok("networks", "get", "prod", "-o", "json").out()).path("state").asText(),
        "ready"::equals);

    JsonNode put = new ObjectMapper().readTree(
        ok("configurations", "put", "--network", "prod", "-o", "json").out());

    assertThat(put.at("/dataplane_groups/0/state").asText()).isEqualTo("ready");
    assertThat(put.at("/dataplane_groups/0/provider").asText()).isEqualTo("azure");
    JsonNode listed = new ObjectMapper().readTree(
        ok("configurations", "list", "--control-plane", "default", "-o", "json").out());
    assertThat(listed.at("/0/id").asText()).isEqualTo(put.get("id").asText());
    assertThat(ok("configurations", "get", put.get("id").asText()).out()).contains("127.0.0.1");
    Cli.Result again = cli.run("configurations", "put", "--network", "prod");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
    assertThat(again.err()).contains("identical");
    Cli.Result delete = cli.run("networks", "delete", "prod");
    assertThat(delete.exitCode()).as(delete.toString()).isEqualTo(1);
    assertThat(delete.err()).contains(put.get("id").asText());
  }
}
