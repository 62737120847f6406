package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causeway networks ...}: the provider-side networks that run data planes. */
@Command(
    name = "networks",
    mixinStandardHelpOptions = true,
    description = {
      "Manage networks: the provider-side VNETs that run data planes and peer with customer VNETs.",
      "",
      "Example:",
      "  ./causeway networks list"
    },
    subcommands = {
      NetworksCommand.ListNetworks.class,
      NetworksCommand.GetNetwork.class,
      NetworksCommand.CreateNetwork.class,
      NetworksCommand.RenameNetwork.class,
      NetworksCommand.DeleteNetwork.class
    })
final class NetworksCommand extends GroupCommand {
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("ID", "/id"),
              Table.Column.of("NAME", "/name"),
              Table.Column.of("STATE", "/state"),
              Table.Column.of("REGION", "/region"),
              Table.Column.of("CIDR_BLOCK", "/cidr_block"),
              Table.Column.of("ZONES", "/availability_zones"),
              Table.Column.of("TRANSIT_GATEWAYS", "/transit_gateway_count"),
              Table.Column.of("REASON", "/state_metadata/reason")));

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {"List networks.", "", "Example:", "  ./causeway networks list --output json"})
  static final class ListNetworks extends ClientCommand {
    @Override
    int run() {
      printer().list(api().list(Resolver.NETWORKS), TABLE);
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = {"Show one network.", "", "Example:", "  ./causeway networks get prod"})
  static final class GetNetwork extends ClientCommand {
    @Parameters(paramLabel = "NETWORK", description = "Network id or unique name.")
    String network;

    @Override
    int run() {
      printer().entity(api().get(Resolver.NETWORKS + "/" + Resolver.network(api(), network)));
      return 0;
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a network; it is provisioned in the background (see `wait network`).",
        "",
        "Example:",
        "  ./causeway networks create --name prod --region local \\",
        "      --availability-zones local-1,local-2 --cidr-block 10.10.0.0/21"
      })
  static final class CreateNetwork extends ClientCommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Network name.")
    String name;

    @Option(
        names = "--provider-account",
        paramLabel = "ACCOUNT",
        description =
            "Provider account id, or its provider_account_id (e.g. simulated); default: the only"
                + " one configured.")
    Optional<String> providerAccount = Optional.empty();

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "Region.")
    String region;

    @Option(
        names = "--availability-zones",
        required = true,
        split = ",",
        paramLabel = "ZONE",
        description = "Comma-separated availability zones.")
    List<String> zones = new ArrayList<>();

    @Option(
        names = "--cidr-block",
        required = true,
        paramLabel = "CIDR",
        description = "The network's IPv4 address space, e.g. 10.10.0.0/21.")
    String cidrBlock;

    @Override
    int run() {
      ObjectNode body = Api.JSON.createObjectNode();
      body.put("name", name);
      body.put("cloud_gateway_provider_account_id", providerAccountId());
      body.put("region", region);
      ArrayNode array = body.putArray("availability_zones");
      zones.forEach(array::add);
      body.put("cidr_block", cidrBlock);
      JsonNode created = api().post(Resolver.NETWORKS, body);
      printer().entity(created);
      hint("Next: ./causeway wait network " + shellWord(name) + " --for ready");
      return 0;
    }

    private String providerAccountId() {
      if (providerAccount.isPresent() && Resolver.isId(providerAccount.get())) {
        return providerAccount.get();
      }
      ArrayNode accounts = api().list(Resolver.PROVIDER_ACCOUNTS);
      List<JsonNode> matches = new ArrayList<>();
      for (JsonNode account : accounts) {
        if (providerAccount.isEmpty()
            || providerAccount.get().equals(account.path("provider_account_id").asText())) {
          matches.add(account);
        }
      }
      if (matches.size() == 1) {
        return matches.get(0).path("id").asText();
      }
      List<String> lines = new ArrayList<>();
      lines.add(
          providerAccount
              .map(a -> "No provider account [" + a + "]; configured accounts:")
              .orElse(
                  "Several provider accounts are configured; pass --provider-account with one"
                      + " of:"));
      accounts.forEach(
          a ->
              lines.add(
                  "  "
                      + a.path("id").asText()
                      + " ("
                      + a.path("provider").asText()
                      + ", "
                      + a.path("provider_account_id").asText()
                      + ")"));
      throw new CliException(CliException.USAGE, lines);
    }
  }

  @Command(
      name = "rename",
      mixinStandardHelpOptions = true,
      description = {
        "Rename a network.",
        "",
        "Example:",
        "  ./causeway networks rename prod prod-eu"
      })
  static final class RenameNetwork extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NETWORK", description = "Network id or unique name.")
    String network;

    @Parameters(index = "1", paramLabel = "NEW_NAME", description = "The new name.")
    String newName;

    @Override
    int run() {
      ObjectNode body = Api.JSON.createObjectNode().put("name", newName);
      printer()
          .entity(api().patch(Resolver.NETWORKS + "/" + Resolver.network(api(), network), body));
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a network (its transit gateways first); it is removed in the background.",
        "",
        "Example:",
        "  ./causeway networks delete prod"
      })
  static final class DeleteNetwork extends ClientCommand {
    @Parameters(paramLabel = "NETWORK", description = "Network id or unique name.")
    String network;

    @Override
    int run() {
      String id = Resolver.network(api(), network);
      api().delete(Resolver.NETWORKS + "/" + id);
      printer()
          .message(
              "Network "
                  + id
                  + " is being deleted (./causeway wait network "
                  + id
                  + " --for deleted).",
              Api.JSON.createObjectNode().put("id", id).put("state", "terminating"));
      return 0;
    }
  }
}
