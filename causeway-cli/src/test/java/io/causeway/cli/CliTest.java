package io.causeway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.controlplane.ControlPlaneOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree without a server: help, usage errors, parsing of --dns. */
class CliTest {
  private final Cli cli = new Cli(Environment.of(Map.of(), Path.of("/nonexistent-home")));

  @Test
  void everyCommandHasHelpWithAnExampleAndTheExitCodes() {
    List<String> missing = new ArrayList<>();
    visit(Main.commandLine(Environment.of(Map.of(), Path.of("/h"))), missing);
    assertThat(missing).isEmpty();
  }

  private void visit(CommandLine command, List<String> missing) {
    String name = command.getCommandSpec().qualifiedName(" ");
    if (!name.endsWith(" help")) {
      String usage = command.getUsageMessage();
      if (!usage.contains("Example:")
          || !usage.contains("Exit codes:")
          || !usage.contains("3   timeout")) {
        missing.add(name);
      }
      // An example wrapped by picocli would continue at column 0 and not paste into a shell.
      List<String> lines = usage.lines().toList();
      for (int i = lines.indexOf("Example:") + 1; i > 0 && i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()
            || line.startsWith("  -")
            || line.startsWith("      --") && !lines.get(i - 1).endsWith("\\")) {
          break;
        }
        if (!line.startsWith("  ")) {
          missing.add(name + " (example wrapped: " + line + ")");
        }
      }
    }
    command.getSubcommands().values().forEach(sub -> visit(sub, missing));
  }

  @Test
  void theDemoApiRunsThisProgramLikeALaunchedNodeWithASmallHeap() {
    List<String> node = ControlPlaneOptions.selfCommand(List.of());
    List<String> api = DemoCommand.apiCommand();

    assertThat(node).endsWith(Main.class.getName());
    assertThat(api.get(0)).isEqualTo(node.get(0));
    assertThat(api).containsSubsequence("-Xmx48m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "demo", DemoCommandApi.NAME, "--port",
        String.valueOf(DemoCommand.API_PORT));
  }

  @Test
  void parsesOneToOneManyToOneAndManyToManyDnsEntries() {
    assertThat(DnsEntry.parse("a.example=10.0.0.4"))
        .isEqualTo(new DnsEntry(List.of("a.example"), List.of("10.0.0.4")));
    assertThat(DnsEntry.parse("a.example, b.example=10.0.0.4"))
        .isEqualTo(new DnsEntry(List.of("a.example", "b.example"), List.of("10.0.0.4")));
    assertThat(DnsEntry.parse("a.example,b.example=10.0.0.4,fd00::53"))
        .isEqualTo(
            new DnsEntry(List.of("a.example", "b.example"), List.of("10.0.0.4", "fd00::53")));
    assertThat(DnsEntry.parse("a.example=10.0.0.4").toJson().toString())
        .isEqualTo(
            "{\"remote_dns_server_ip_addresses\":[\"10.0.0.4\"],\"domain_proxy_list\":[\"a.example\"]}");
  }

  @Test
  void refusesMalformedDnsEntriesNamingTheExpectation() {
    assertThatThrownBy(() -> DnsEntry.parse("a.example"))
        .hasMessageContaining("expected: DOMAINS=IPS");
    assertThatThrownBy(() -> DnsEntry.parse("a.example=1.1.1.1=2"))
        .hasMessageContaining("expected: DOMAINS=IPS");
    assertThatThrownBy(() -> DnsEntry.parse("a.example,,b=10.0.0.4"))
        .hasMessageContaining("non-empty domain");
    assertThatThrownBy(() -> DnsEntry.parse("a.example="))
        .hasMessageContaining("non-empty DNS server address");
  }

  @Test
  void malformedDnsOptionIsAUsageError() {
    Cli.Result result =
        cli.run(
            "transit-gateways",
            "create",
            "--network",
            "n",
            "--name",
            "t",
            "--tenant-id",
            "x",
            "--subscription-id",
            "y",
            "--resource-group",
            "r",
            "--vnet-name",
            "v",
            "--dns",
            "corp.example");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("expected: DOMAINS=IPS");
  }

  @Test
  void groupWithoutSubcommandIsAUsageError() {
    Cli.Result result = cli.run("networks");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing subcommand").contains("list");
  }

  @Test
  void missingTokenIsAUsageErrorSayingHowToLogIn() {
    Cli.Result result = cli.run("networks", "list");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("No API token").contains("./causeway login");
  }

  @Test
  void badServerUrlIsAUsageError() {
    Cli.Result result = cli.run("networks", "list", "--server", "ftp://x", "--token", "t");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("server: ftp://x (expected: an http(s) URL");
  }

  @Test
  void quotesHintArgumentsOnlyWhenTheShellNeedsIt() {
    assertThat(ClientCommand.shellWord("prod-eu.1")).isEqualTo("prod-eu.1");
    assertThat(ClientCommand.shellWord("my net")).isEqualTo("'my net'");
    assertThat(ClientCommand.shellWord("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void showsDurationsTheWayTheyAreTyped() {
    assertThat(DurationConverter.show(java.time.Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(DurationConverter.show(java.time.Duration.ofSeconds(3))).isEqualTo("3s");
    assertThat(DurationConverter.show(java.time.Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(DurationConverter.show(java.time.Duration.ofHours(2))).isEqualTo("2h");
    assertThat(DurationConverter.show(java.time.Duration.ofSeconds(90))).isEqualTo("90s");
  }

  @Test
  void waitRefusesAnUnknownStateBeforeAskingTheServer() {
    Cli.Result result = cli.run("wait", "network", "prod", "--for", "redy", "--token", "t");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("--for redy (expected: one of")
        .contains("ready")
        .contains("deleted");
  }

  @Test
  void printsTheBashCompletionScript() {
    Cli.Result result = cli.run("completion", "bash");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("complete -F")
        .contains("transit-gateways")
        .contains("complete -o default -F _complete_causeway ./causeway")
        .contains("azure-setup");
  }

  @Test
  void configFileFollowsTheOverrideThenXdgThenHome() {
    Path home = Path.of("/home/u");
    assertThat(Environment.of(Map.of(), home).configFile())
        .isEqualTo(Path.of("/home/u/.config/causeway/config.json"));
    assertThat(Environment.of(Map.of("XDG_CONFIG_HOME", "/x"), home).configFile())
        .isEqualTo(Path.of("/x/causeway/config.json"));
    assertThat(
            Environment.of(Map.of("XDG_CONFIG_HOME", "/x", "CAUSEWAY_CONFIG", "/c.json"), home)
                .configFile())
        .isEqualTo(Path.of("/c.json"));
  }

  @Test
  void rendersProblemsAsFieldAndReasonLines() {
    var body = Api.JSON.createObjectNode();
    body.put("status", 400).put("title", "Bad Request").put("detail", "Invalid request");
    var p = body.putArray("invalid_parameters").addObject();
    p.put("field", "cidr_block")
        .put("rule", "is_supported_network_cidr_block")
        .put("reason", "cidr_block: 8.8.0.0/16 (expected: private)");
    body.withArray("invalid_parameters")
        .addObject()
        .put("field", "name")
        .put("rule", "required")
        .put("reason", "is required");
    Problem problem = Problem.parse(400, java.util.Optional.of(body), body.toString());
    assertThat(problem.lines())
        .containsExactly(
            "Error: Bad Request (400): Invalid request",
            "  cidr_block: 8.8.0.0/16 (expected: private)",
            "  name: is required");
  }
}
