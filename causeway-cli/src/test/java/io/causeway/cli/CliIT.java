package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.causeway.controlplane.ControlPlane;
import io.causeway.controlplane.ControlPlaneOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a real control plane (simulated provider) on a loopback port. */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
  private static final String TENANT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
  private static final String NO_CONSENT_TENANT = "00000000-0000-0000-0000-000000000000";
  private static final String SUBSCRIPTION = "b2c3d4e5-f6a7-8901-bcde-f12345678901";

  @TempDir static Path dataDir;
  @TempDir static Path home;
  private ControlPlane controlPlane;
  private String token;
  private Cli cli;

  @BeforeAll
  void start() {
    controlPlane =
        ControlPlane.start(
            new ControlPlaneOptions(
                dataDir,
                "127.0.0.1",
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "simulated",
                Duration.ofMillis(200),
                true,
                Map.of()));
    token = controlPlane.newAdminToken().orElseThrow();
    cli =
        new Cli(
            environment(
                Map.of(
                    "CAUSEWAY_SERVER", controlPlane.apiUri().toString(), "CAUSEWAY_TOKEN", token)));
  }

  @AfterAll
  void stop() {
    controlPlane.close();
  }

  private Environment environment(Map<String, String> variables) {
    Map<String, String> all = new HashMap<>(variables);
    all.putIfAbsent("CAUSEWAY_CONFIG", home.resolve("unused-config.json").toString());
    return Environment.of(all, home);
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

  private String readyNetwork(String name, String cidr) {
    ok(
        "networks",
        "create",
        "--name",
        name,
        "--region",
        "local",
        "--availability-zones",
        "local-1,local-2",
        "--cidr-block",
        cidr);
    Cli.Result waited =
        ok(
            "wait",
            "network",
            name,
            "--for",
            "ready",
            "--timeout",
            "30s",
            "--interval",
            "100ms",
            "--output",
            "json");
    assertThat(waited.err()).contains("network " + name + ": ready");
    JsonNode reached = json(waited);
    assertThat(reached.get("state").asText()).isEqualTo("ready");
    JsonNode fetched = json(ok("networks", "get", name, "-o", "json"));
    assertThat(fetched.get("id")).isEqualTo(reached.get("id"));
    return reached.get("id").asText();
  }

  private String[] gateway(String network, String name, String tenant, String vnet, String... dns) {
    var args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "transit-gateways",
                "create",
                "--network",
                network,
                "--name",
                name,
                "--tenant-id",
                tenant,
                "--subscription-id",
                SUBSCRIPTION,
                "--resource-group",
                "corp-rg",
                "--vnet-name",
                vnet));
    for (String entry : dns) {
      args.add("--dns");
      args.add(entry);
    }
    return args.toArray(String[]::new);
  }

  @Test
  void walksThroughNetworkTransitGatewayAndAzureSetup() {
    final String networkId = readyNetwork("walk", "10.20.0.0/21");
    Cli.Result created =
        ok(
            gateway(
                "walk",
                "corp",
                TENANT,
                "corp-vnet",
                "corp.example,hr.example=10.0.0.4,10.0.0.5",
                "ops.example=10.0.0.6"));
    assertThat(created.out()).contains("name:").contains("corp");
    assertThat(created.err()).contains("azure-setup");

    JsonNode gateway =
        json(ok("transit-gateways", "get", "--network", networkId, "corp", "--output", "json"));
    assertThat(gateway.at("/dns_config/0/domain_proxy_list").toString())
        .isEqualTo("[\"corp.example\",\"hr.example\"]");
    assertThat(gateway.at("/dns_config/0/remote_dns_server_ip_addresses").toString())
        .isEqualTo("[\"10.0.0.4\",\"10.0.0.5\"]");
    assertThat(gateway.at("/dns_config/1/domain_proxy_list/0").asText()).isEqualTo("ops.example");

    Cli.Result waited =
        ok(
            "wait",
            "transit-gateway",
            "corp",
            "--network",
            "walk",
            "--timeout",
            "30s",
            "--interval",
            "100ms");
    assertThat(waited.err()).contains("transit gateway corp: ready");

    Cli.Result setup = ok("transit-gateways", "azure-setup", "--network", "walk", "corp");
    assertThat(setup.out())
        .contains("https://login.microsoftonline.com/" + TENANT + "/adminconsent")
        .contains("az role definition create")
        .contains("az role assignment create")
        .contains("./causeway transit-gateways verify --network walk corp")
        .doesNotContain("admin_consent_url");
    JsonNode setupJson =
        json(ok("transit-gateways", "azure-setup", "--network", "walk", "corp", "-o", "json"));
    assertThat(setupJson.get("transit_gateway_id").asText()).isEqualTo(gateway.get("id").asText());

    Cli.Result verified = ok("transit-gateways", "verify", "--network", "walk", "corp");
    assertThat(verified.out()).contains("VERIFIED");

    Cli.Result listed = ok("transit-gateways", "list", "--network", "walk");
    assertThat(listed.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("STATE");
    assertThat(listed.out())
        .contains("corp.example,hr.example=10.0.0.4,10.0.0.5; ops.example=10.0.0.6");
  }

  @Test
  void updatesNameAndReplacesOrClearsDnsConfig() {
    readyNetwork("upd", "10.24.0.0/21");
    ok(gateway("upd", "first", TENANT, "upd-vnet", "a.example=10.0.0.4"));
    JsonNode renamed =
        json(
            ok(
                "transit-gateways",
                "update",
                "--network",
                "upd",
                "first",
                "--name",
                "second",
                "--dns",
                "b.example,c.example=10.0.0.7",
                "-o",
                "json"));
    assertThat(renamed.get("name").asText()).isEqualTo("second");
    assertThat(renamed.at("/dns_config/0/domain_proxy_list").toString())
        .isEqualTo("[\"b.example\",\"c.example\"]");
    JsonNode cleared =
        json(
            ok(
                "transit-gateways",
                "update",
                "--network",
                "upd",
                "second",
                "--clear-dns",
                "-o",
                "json"));
    assertThat(cleared.get("dns_config").size()).isZero();
    Cli.Result both =
        cli.run(
            "transit-gateways",
            "update",
            "--network",
            "upd",
            "second",
            "--clear-dns",
            "--dns",
            "d.example=10.0.0.4");
    assertThat(both.exitCode()).isEqualTo(2);

    String id = renamed.get("id").asText();
    // DELETE is refused while the peering is still being made (400), so let it settle first.
    ok(
        "wait",
        "transit-gateway",
        id,
        "--network",
        "upd",
        "--timeout",
        "30s",
        "--interval",
        "100ms");
    Cli.Result deleted = ok("transit-gateways", "delete", "--network", "upd", "second");
    assertThat(deleted.out()).contains("Transit gateway " + id + " is being deleted");
    Cli.Result gone =
        ok(
            "wait",
            "transit-gateway",
            id,
            "--network",
            "upd",
            "--for",
            "deleted",
            "--timeout",
            "30s",
            "--interval",
            "100ms");
    assertThat(gone.err()).contains("transit gateway: deleted");
    assertThat(ok("transit-gateways", "list", "--network", "upd", "-o", "json").out().strip())
        .isEqualTo("[ ]");
  }

  @Test
  void badCidrPrintsFieldAndReasonAndExitsOne() {
    Cli.Result result =
        cli.run(
            "networks",
            "create",
            "--name",
            "bad",
            "--region",
            "local",
            "--availability-zones",
            "local-1",
            "--cidr-block",
            "8.8.0.0/16");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).startsWith("Error: ").contains("(400)");
    assertThat(result.err().lines()).anyMatch(l -> l.startsWith("  cidr_block: 8.8.0.0/16"));
    assertThat(cli.run("networks", "get", "bad").exitCode()).isEqualTo(1);
  }

  @Test
  void badDnsServerAddressNamesTheDottedField() {
    readyNetwork("dnsbad", "10.28.0.0/21");
    Cli.Result result = cli.run(gateway("dnsbad", "x", TENANT, "x-vnet", "a.example=not-an-ip"));
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("dns_config.0.remote_dns_server_ip_addresses.0");
  }

  @Test
  void waitTimesOutWithExitThreeWhileConsentIsMissing() {
    readyNetwork("consent", "10.32.0.0/21");
    ok(gateway("consent", "pending", NO_CONSENT_TENANT, "c-vnet", "p.example=10.0.0.4"));
    Cli.Result waited =
        cli.run(
            "wait",
            "transit-gateway",
            "pending",
            "--network",
            "consent",
            "--for",
            "ready",
            "--timeout",
            "2s",
            "--interval",
            "100ms");
    assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(3);
    assertThat(waited.err()).contains("pending-user-action").contains("Timed out after");
    Cli.Result verify = cli.run("transit-gateways", "verify", "--network", "consent", "pending");
    assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
    assertThat(verify.out()).contains("CONSENT_MISSING");
  }

  @Test
  void waitExitsOneWhenTheTransitGatewayReachesError() {
    readyNetwork("errors", "10.36.0.0/21");
    ok(gateway("errors", "gone", TENANT, "missing-vnet", "g.example=10.0.0.4"));
    Cli.Result waited =
        cli.run(
            "wait",
            "transit-gateway",
            "gone",
            "--network",
            "errors",
            "--timeout",
            "30s",
            "--interval",
            "100ms");
    assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(1);
    assertThat(waited.err()).contains(": error").contains("state error");
  }

  @Test
  void resolvesNamesAndReportsAmbiguousOnes() {
    ok("tokens", "create", "--name", "twin");
    Cli.Result created = ok("tokens", "create", "--name", "twin", "-o", "json");
    String secondId = json(created).get("id").asText();
    assertThat(json(created).get("token").asText()).isNotBlank();
    Cli.Result ambiguous = cli.run("tokens", "delete", "twin");
    assertThat(ambiguous.exitCode()).isEqualTo(1);
    assertThat(ambiguous.err()).contains("ambiguous").contains(secondId);
    ok("tokens", "delete", secondId);
    Cli.Result unknown = cli.run("networks", "get", "no-such-network");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("No network named [no-such-network]");
  }

  @Test
  void renamesAndDeletesNetworksAndWaitsForDeletion() {
    String id = readyNetwork("short-lived", "10.40.0.0/21");
    JsonNode renamed = json(ok("networks", "rename", "short-lived", "renamed", "-o", "json"));
    assertThat(renamed.get("id").asText()).isEqualTo(id);
    assertThat(renamed.get("name").asText()).isEqualTo("renamed");
    ok("networks", "delete", "renamed");
    ok("wait", "network", id, "--for", "deleted", "--timeout", "30s", "--interval", "100ms");
    assertThat(cli.run("networks", "get", id).err()).contains("(404)");
  }

  @Test
  void printsListsAsTableJsonAndYaml() throws IOException {
    Cli.Result table = ok("control-planes", "list");
    assertThat(table.out()).startsWith("ID").contains("default");
    JsonNode list = json(ok("control-planes", "list", "--output", "json"));
    assertThat(list.isArray()).isTrue();
    assertThat(list.findValuesAsText("name")).contains("default");
    JsonNode yaml = new YAMLMapper().readTree(ok("control-planes", "list", "-o", "yaml").out());
    assertThat(yaml).isEqualTo(list);
    ok("control-planes", "create", "--name", "payments", "--label", "team=pay");
    assertThat(ok("control-planes", "get", "payments").out())
        .contains("labels.team:")
        .contains("pay");
    ok("control-planes", "delete", "payments");
    Cli.Result accounts = ok("provider-accounts", "list");
    assertThat(accounts.out()).contains("simulated");
  }

  @Test
  void managesServicesRoutesUpstreamsAndTargetsOfTheDefaultControlPlane() {
    JsonNode service =
        json(
            ok(
                "services",
                "create",
                "--set",
                "name=orders",
                "--set",
                "url=http://orders.internal:8080/v1",
                "-o",
                "json"));
    assertThat(service.get("host").asText()).isEqualTo("orders.internal");
    assertThat(service.get("port").asInt()).isEqualTo(8080);
    JsonNode route =
        json(
            ok(
                "routes",
                "create",
                "--service",
                "orders",
                "--set",
                "name=orders",
                "--set",
                "paths=[\"/orders\"]",
                "-o",
                "json"));
    assertThat(route.at("/service/id").asText()).isEqualTo(service.get("id").asText());
    assertThat(ok("routes", "list").out()).contains("/orders").contains(service.get("id").asText());
    assertThat(ok("routes", "list", "--service", "orders", "-o", "json").out()).contains("/orders");
    ok("upstreams", "create", "--control-plane", "default", "--set", "name=orders.upstream");
    ok("targets", "create", "--upstream", "orders.upstream", "--set", "target=10.1.0.7:8080");
    assertThat(ok("targets", "list", "--upstream", "orders.upstream").out())
        .contains("10.1.0.7:8080");
    Cli.Result invalid =
        cli.run(
            "services", "create", "--set", "name=bad", "--set", "port=70000", "--set", "host=x");
    assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
    assertThat(invalid.err()).contains("port");
    ok("routes", "delete", "orders");
    ok("services", "delete", "orders");
    assertThat(cli.run("services", "get", "orders").exitCode()).isEqualTo(1);
    assertThat(ok("nodes", "list").out()).startsWith("ID");
  }

  @Test
  void loginChecksTheTokenAndWritesAPrivateConfigFile() throws IOException {
    Path config = home.resolve("xdg").resolve("causeway").resolve("config.json");
    Cli bare =
        new Cli(Environment.of(Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()), home));
    Cli.Result refused =
        bare.run("login", "--server", controlPlane.apiUri().toString(), "--token", "wrong");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("(401)").contains("Check the token");
    assertThat(config).doesNotExist();

    Path tokenFile = dataDir.resolve("admin-token");
    Cli.Result login =
        bare.run(
            "login",
            "--server",
            controlPlane.apiUri().toString(),
            "--token-file",
            tokenFile.toString());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(config)).contains(controlPlane.apiUri().toString());
    Cli.Result listed = bare.run("networks", "list");
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
  }

  @Test
  void refusedConnectionNamesTheServerAndHowToStartIt() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String server = "http://127.0.0.1:" + closedPort;
    Cli.Result result = cli.run("networks", "list", "--server", server);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains(server).contains("./causeway up");
  }
}
