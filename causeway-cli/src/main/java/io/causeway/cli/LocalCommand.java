package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code causeway local ...}: the local provider's customer VNETs and reset, through the control
 * plane's {@code /v2/local} API (present only when it runs the local provider; otherwise the
 * server's answer says what is needed, and it is printed as is).
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "The local provider (network namespaces on this host): customer VNETs and reset.",
      "Needs a control plane started with the local provider (`sudo ./causeway up`: as root, or",
      "with CAP_NET_ADMIN, `up` picks it).",
      "",
      "Example:",
      "  ./causeway local vnet create \\",
      "      --subscription 66666666-7777-8888-9999-000000000000 \\",
      "      --resource-group corp-rg --name corp-vnet --cidr 10.1.0.0/16"
    },
    subcommands = {LocalCommand.Vnet.class, LocalCommand.Reset.class})
final class LocalCommand extends GroupCommand {
  static final String VNETS = "/v2/local/vnets";
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("NAME", "/name"),
              Table.Column.of("CIDR", "/cidr"),
              Table.Column.of("ADDRESS", "/address"),
              Table.Column.of("SUBSCRIPTION", "/subscription_id"),
              Table.Column.of("RESOURCE_GROUP", "/resource_group_name"),
              Table.Column.of("NAMESPACE", "/namespace"),
              Table.Column.of("PRESENT", "/present")));

  /** {@code name} as one URL path segment (VNET names are plain, but the user may type anything). */
  static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Command(
      name = "vnet",
      mixinStandardHelpOptions = true,
      description = {
        "Customer VNETs on this host: each is a network namespace with its address space. A"
            + " transit gateway naming its subscription, resource group and name peers with it."
            + " `exec` runs a command inside one and waits; `start` leaves a server running there.",
        "",
        "Example:",
        "  ./causeway local vnet list"
      },
      subcommands = {
        CreateVnet.class,
        ListVnets.class,
        DeleteVnet.class,
        ExecVnet.class,
        StartProcess.class,
        ListProcesses.class,
        StopProcess.class
      })
  static final class Vnet extends GroupCommand {}

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a customer VNET (idempotent: the same command again recreates its namespace if"
            + " it is missing, e.g. after a host restart).",
        "",
        "Example:",
        "  ./causeway local vnet create \\",
        "      --subscription 66666666-7777-8888-9999-000000000000 \\",
        "      --resource-group corp-rg --name corp-vnet --cidr 10.1.0.0/16"
      })
  static final class CreateVnet extends ClientCommand {
    @Option(
        names = {"--subscription", "--subscription-id"},
        required = true,
        paramLabel = "GUID",
        description = "The subscription id a transit gateway will name.")
    String subscription;

    @Option(
        names = "--resource-group",
        required = true,
        paramLabel = "NAME",
        description = "The resource group a transit gateway will name.")
    String resourceGroup;

    @Option(
        names = {"--name", "--vnet-name"},
        required = true,
        paramLabel = "NAME",
        description = "The VNET name.")
    String name;

    @Option(
        names = "--cidr",
        required = true,
        paramLabel = "CIDR",
        description = "The VNET's address space, e.g. 10.1.0.0/16.")
    String cidr;

    @Override
    int run() {
      ObjectNode body = Api.JSON.createObjectNode();
      body.put("subscription_id", subscription);
      body.put("resource_group_name", resourceGroup);
      body.put("name", name);
      body.put("cidr", cidr);
      JsonNode created = api().post(VNETS, body);
      printer().entity(created);
      hint(
          "Peer a network with it: ./causeway transit-gateways create --network NETWORK --name "
              + shellWord(name)
              + " --tenant-id TENANT --subscription-id "
              + shellWord(created.path("subscription_id").asText(subscription))
              + " --resource-group "
              + shellWord(resourceGroup)
              + " --vnet-name "
              + shellWord(name));
      hint("Run a command inside it: ./causeway local vnet exec " + shellWord(name) + " -- CMD");
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {"List the customer VNETs.", "", "Example:", "  ./causeway local vnet list"})
  static final class ListVnets extends ClientCommand {
    @Override
    int run() {
      printer().list(api().get(VNETS).path("data"), TABLE);
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a customer VNET: ends the processes inside it and removes its namespace (and the"
            + " peerings' links into it, so traffic stops).",
        "",
        "Example:",
        "  ./causeway local vnet delete corp-vnet"
      })
  static final class DeleteVnet extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "The VNET's (unique) name.")
    String name;

    @Override
    int run() {
      api().delete(VNETS + "/" + segment(name));
      printer()
          .message(
              "Deleted local VNET " + name + ".",
              Api.JSON.createObjectNode().put("name", name).put("deleted", true));
      return 0;
    }
  }

  @Command(
      name = "exec",
      mixinStandardHelpOptions = true,
      description = {
        "Run a command inside a customer VNET and wait for it: its standard output and error are"
            + " printed, and this exits with its exit code. Put -- before the command.",
        "",
        "Example:",
        "  ./causeway local vnet exec corp-vnet -- ip -br addr"
      })
  static final class ExecVnet extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VNET's (unique) name.")
    String name;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "CMD",
        description = "The program and its arguments (after --).")
    List<String> command = new ArrayList<>();

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "30s",
        converter = DurationConverter.class,
        description = "End the command after this long (1s to 10m; default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run() {
      long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
      ObjectNode body = Api.JSON.createObjectNode();
      ArrayNode words = body.putArray("command");
      command.forEach(words::add);
      body.put("timeout_seconds", seconds);
      JsonNode result;
      // The request waits for the command, so it may take longer than an ordinary API call.
      try (Api slow = longerApi(Duration.ofSeconds(seconds).plusSeconds(30))) {
        result = slow.post(VNETS + "/" + segment(name) + "/exec", body);
      }
      int exitCode = result.path("exit_code").asInt(1);
      if (printer().format() == Output.TABLE) {
        out().print(result.path("stdout").asText(""));
        out().flush();
        err().print(result.path("stderr").asText(""));
        err().flush();
      } else {
        printer().document(result);
      }
      // A process exit status is one byte; anything outside it still means failure.
      return exitCode >= 0 && exitCode <= 255 ? exitCode : 1;
    }

    private Api longerApi(Duration requestTimeout) {
      Environment env = client.environment();
      ClientOptions longer =
          new ClientOptions(new Environment(env.variables(), env.home(), requestTimeout));
      longer.server = client.server;
      longer.token = client.token;
      longer.output = client.output;
      return longer.api();
    }
  }

  static final Table PROCESSES =
      new Table(
          List.of(
              Table.Column.of("NAME", "/name"),
              Table.Column.of("PID", "/pid"),
              Table.Column.of("RUNNING", "/running"),
              Table.Column.of("COMMAND", "/command"),
              Table.Column.of("LOG", "/log")));

  static String processes(String vnet) {
    return VNETS + "/" + segment(vnet) + "/processes";
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = {
        "Start a long-running process inside a customer VNET (a server, a DNS server), detached:"
            + " it keeps running after this command, the CLI and the control plane exit, until"
            + " `local vnet stop`, `local vnet delete` or `local reset`. Its output goes to the"
            + " log file shown. Idempotent: the same name and command again leave it running."
            + " Put -- before the command.",
        "",
        "Example:",
        "  ./causeway local vnet start corp-vnet --process web -- \\",
        "      python3 -m http.server --bind 10.1.0.1 8080"
      })
  static final class StartProcess extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VNET's (unique) name.")
    String name;

    @Option(
        names = "--process",
        required = true,
        paramLabel = "PROCESS",
        description = "A name for the process, unique in the VNET (lowercase, digits, dashes).")
    String process;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "CMD",
        description = "The program and its arguments (after --).")
    List<String> command = new ArrayList<>();

    @Override
    int run() {
      ObjectNode body = Api.JSON.createObjectNode();
      body.put("name", process);
      ArrayNode words = body.putArray("command");
      command.forEach(words::add);
      JsonNode started = api().post(processes(name), body);
      printer().entity(started);
      hint("Its output: " + started.path("log").asText());
      hint(
          "Stop it: ./causeway local vnet stop " + shellWord(name) + " " + shellWord(process));
      return 0;
    }
  }

  @Command(
      name = "processes",
      mixinStandardHelpOptions = true,
      description = {
        "List the processes started in a customer VNET with `local vnet start`.",
        "",
        "Example:",
        "  ./causeway local vnet processes corp-vnet"
      })
  static final class ListProcesses extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "The VNET's (unique) name.")
    String name;

    @Override
    int run() {
      printer().list(api().get(processes(name)).path("data"), PROCESSES);
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stop a process started in a customer VNET (TERM, then KILL after a few seconds).",
        "",
        "Example:",
        "  ./causeway local vnet stop corp-vnet web"
      })
  static final class StopProcess extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VNET's (unique) name.")
    String name;

    @Parameters(index = "1", paramLabel = "PROCESS", description = "The process name.")
    String process;

    @Override
    int run() {
      api().delete(processes(name) + "/" + segment(process));
      printer()
          .message(
              "Stopped " + process + " in local VNET " + name + ".",
              Api.JSON.createObjectNode().put("name", process).put("stopped", true));
      return 0;
    }
  }

  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      description = {
        "Remove every network namespace and host link Causeway made for this data directory,"
            + " ending the processes inside, and forget the customer VNETs.",
        "",
        "Example:",
        "  ./causeway local reset"
      })
  static final class Reset extends ClientCommand {
    @Override
    int run() {
      JsonNode answer = api().post("/v2/local/reset", Api.JSON.createObjectNode());
      List<String> removed = new ArrayList<>();
      answer.path("removed").forEach(n -> removed.add(n.asText()));
      printer()
          .message(
              removed.isEmpty()
                  ? "Nothing to remove."
                  : "Removed " + removed.size() + ": " + String.join(", ", removed),
              answer);
      return 0;
    }
  }
}
