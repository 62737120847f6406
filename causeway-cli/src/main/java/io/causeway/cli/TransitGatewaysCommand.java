package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code causeway transit-gateways ...}: peerings of a network with customer VNETs. */
@Command(
    name = "transit-gateways",
    mixinStandardHelpOptions = true,
    description = {
      "Manage transit gateways: peerings of a network with customer VNETs, and the DNS domains"
          + " forwarded to the customer's DNS servers.",
      "",
      "Example:",
      "  ./causeway transit-gateways list --network prod"
    },
    subcommands = {
      TransitGatewaysCommand.ListGateways.class,
      TransitGatewaysCommand.GetGateway.class,
      TransitGatewaysCommand.CreateGateway.class,
      TransitGatewaysCommand.UpdateGateway.class,
      TransitGatewaysCommand.DeleteGateway.class,
      AzureSetupCommand.class,
      TransitGatewaysCommand.VerifyGateway.class
    })
final class TransitGatewaysCommand extends GroupCommand {
  static final String KIND = "azure-vnet-peering-attachment";
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("ID", "/id"),
              Table.Column.of("NAME", "/name"),
              Table.Column.of("STATE", "/state"),
              Table.Column.of("VNET", "/transit_gateway_attachment_config/vnet_name"),
              new Table.Column("DNS", node -> DnsEntry.show(node.path("dns_config"))),
              Table.Column.of("REASON", "/state_metadata/reason")));

  /** A command on the transit gateways of one network. */
  abstract static class OnNetwork extends ClientCommand {
    @Option(
        names = "--network",
        required = true,
        paramLabel = "NETWORK",
        description = "Network id or unique name.")
    String network;

    private String networkId;

    final String networkId() {
      if (networkId == null) {
        networkId = Resolver.network(api(), network);
      }
      return networkId;
    }

    final String collection() {
      return Resolver.transitGatewaysPath(networkId());
    }

    final String path(String idOrName) {
      return collection() + "/" + Resolver.transitGateway(api(), networkId(), idOrName);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the transit gateways of a network.",
        "",
        "Example:",
        "  ./causeway transit-gateways list --network prod"
      })
  static final class ListGateways extends OnNetwork {
    @Override
    int run() {
      printer().list(api().list(collection()), TABLE);
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = {
        "Show one transit gateway.",
        "",
        "Example:",
        "  ./causeway transit-gateways get --network prod corp-vnet"
      })
  static final class GetGateway extends OnNetwork {
    @Parameters(paramLabel = "TRANSIT_GATEWAY", description = "Transit gateway id or unique name.")
    String gateway;

    @Override
    int run() {
      printer().entity(api().get(path(gateway)));
      return 0;
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Peer the network with a customer's Azure VNET, forwarding DNS domains to the customer's"
            + " DNS servers. --dns repeats, one per dns_config entry: DOMAINS=IPS with"
            + " comma-separated lists (1-1, N-1 and M-N).",
        "",
        "Example:",
        "  ./causeway transit-gateways create --network prod --name corp-vnet \\",
        "      --tenant-id 11111111-2222-3333-4444-555555555555 \\",
        "      --subscription-id 66666666-7777-8888-9999-000000000000 \\",
        "      --resource-group corp-rg --vnet-name corp-vnet \\",
        "      --dns corp.example,hr.example=10.0.0.4,10.0.0.5 --dns ops.example=10.0.0.4"
      })
  static final class CreateGateway extends OnNetwork {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Name.")
    String name;

    @Option(
        names = "--tenant-id",
        required = true,
        paramLabel = "GUID",
        description = "The customer's Entra tenant.")
    String tenantId;

    @Option(
        names = "--subscription-id",
        required = true,
        paramLabel = "GUID",
        description = "The customer's Azure subscription.")
    String subscriptionId;

    @Option(
        names = "--resource-group",
        required = true,
        paramLabel = "NAME",
        description = "The resource group of the customer's VNET.")
    String resourceGroup;

    @Option(
        names = "--vnet-name",
        required = true,
        paramLabel = "NAME",
        description = "The customer's VNET.")
    String vnetName;

    @Option(
        names = "--dns",
        paramLabel = "DOMAINS=IPS",
        converter = DnsEntry.Converter.class,
        description = "A dns_config entry; repeat for several.")
    List<DnsEntry> dns = new ArrayList<>();

    @Override
    int run() {
      ObjectNode body = Api.JSON.createObjectNode();
      body.put("name", name);
      ObjectNode attachment = body.putObject("transit_gateway_attachment_config");
      attachment.put("kind", KIND);
      attachment.put("tenant_id", tenantId);
      attachment.put("subscription_id", subscriptionId);
      attachment.put("resource_group_name", resourceGroup);
      attachment.put("vnet_name", vnetName);
      body.set("dns_config", DnsEntry.toJson(dns));
      JsonNode created = api().post(collection(), body);
      printer().entity(created);
      hint(
          "Next: ./causeway transit-gateways azure-setup --network "
              + shellWord(network)
              + " "
              + shellWord(name));
      hint(
          "Then: ./causeway wait transit-gateway "
              + shellWord(name)
              + " --network "
              + shellWord(network)
              + " --for ready");
      return 0;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Rename a transit gateway and/or replace its dns_config (--dns repeated, or --clear-dns).",
        "",
        "Example:",
        "  ./causeway transit-gateways update --network prod corp-vnet \\",
        "      --dns corp.example=10.0.0.6"
      })
  static final class UpdateGateway extends OnNetwork {
    @Parameters(paramLabel = "TRANSIT_GATEWAY", description = "Transit gateway id or unique name.")
    String gateway;

    @Option(names = "--name", paramLabel = "NAME", description = "The new name.")
    Optional<String> name = Optional.empty();

    @Option(
        names = "--dns",
        paramLabel = "DOMAINS=IPS",
        converter = DnsEntry.Converter.class,
        description = "The new dns_config, one entry per --dns (replaces the current one).")
    List<DnsEntry> dns = new ArrayList<>();

    @Option(names = "--clear-dns", description = "Forward no domains any more.")
    boolean clearDns;

    @Override
    int run() {
      if (clearDns && !dns.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "--dns and --clear-dns exclude each other");
      }
      if (name.isEmpty() && dns.isEmpty() && !clearDns) {
        throw new ParameterException(
            spec.commandLine(), "Nothing to change: pass --name, --dns or --clear-dns");
      }
      ObjectNode body = Api.JSON.createObjectNode();
      name.ifPresent(n -> body.put("name", n));
      if (clearDns || !dns.isEmpty()) {
        body.set("dns_config", DnsEntry.toJson(dns));
      }
      printer().entity(api().patch(path(gateway), body));
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a transit gateway: the peering is removed in the background.",
        "",
        "Example:",
        "  ./causeway transit-gateways delete --network prod corp-vnet"
      })
  static final class DeleteGateway extends OnNetwork {
    @Parameters(paramLabel = "TRANSIT_GATEWAY", description = "Transit gateway id or unique name.")
    String gateway;

    @Override
    int run() {
      String path = path(gateway);
      String id = path.substring(path.lastIndexOf('/') + 1);
      api().delete(path);
      printer()
          .message(
              "Transit gateway "
                  + id
                  + " is being deleted (./causeway wait transit-gateway "
                  + id
                  + " --network "
                  + networkId()
                  + " --for deleted).",
              Api.JSON.createObjectNode().put("id", id).put("state", "terminating"));
      return 0;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check now whether Causeway may peer with the customer's VNET (consent and role in"
            + " place). Exit code 1 when access is not in place yet; the reason says what is"
            + " missing.",
        "",
        "Example:",
        "  ./causeway transit-gateways verify --network prod corp-vnet"
      })
  static final class VerifyGateway extends OnNetwork {
    @Parameters(paramLabel = "TRANSIT_GATEWAY", description = "Transit gateway id or unique name.")
    String gateway;

    @Override
    int run() {
      JsonNode answer = api().post(path(gateway) + "/verify", Api.JSON.createObjectNode());
      String status = answer.path("state_metadata").path("reported_status").asText();
      printer()
          .message(
              "Transit gateway "
                  + answer.path("name").asText()
                  + " ("
                  + answer.path("id").asText()
                  + "): "
                  + answer.path("state").asText()
                  + " - "
                  + status
                  + ": "
                  + answer.path("state_metadata").path("reason").asText(),
              answer);
      return "VERIFIED".equals(status) ? 0 : CliException.API_ERROR;
    }
  }
}
