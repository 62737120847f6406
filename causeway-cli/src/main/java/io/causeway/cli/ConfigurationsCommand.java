package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code causeway configurations ...}: where a control plane's data planes run ({@code
 * /v2/cloud-gateways/configurations}, docs/hybrid.md).
 */
@Command(
    name = "configurations",
    mixinStandardHelpOptions = true,
    description = {
      "Place a control plane's data-plane groups in networks (cloud gateway configurations).",
      "",
      "Example:",
      "  ./causeway configurations put --control-plane default --network prod"
    },
    subcommands = {
      ConfigurationsCommand.ListConfigurations.class,
      ConfigurationsCommand.GetConfiguration.class,
      ConfigurationsCommand.PutConfiguration.class
    })
final class ConfigurationsCommand extends GroupCommand {
  static final String PATH = "/v2/cloud-gateways/configurations";
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("ID", "/id"),
              Table.Column.of("CONTROL_PLANE", "/control_plane_id"),
              Table.Column.of("GEO", "/control_plane_geo"),
              Table.Column.of("VERSION", "/version"),
              Table.Column.of("NETWORK", "/dataplane_groups/0/cloud_gateway_network_id"),
              Table.Column.of("STATE", "/dataplane_groups/0/state"),
              Table.Column.of("ADDRESSES", "/dataplane_groups/0/private_ip_addresses")));

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List configurations (of one control plane with --control-plane).",
        "",
        "Example:",
        "  ./causeway configurations list --control-plane default"
      })
  static final class ListConfigurations extends ClientCommand {
    @Option(
        names = "--control-plane",
        paramLabel = "CONTROL_PLANE",
        description = "Only this control plane's (id or unique name).")
    Optional<String> controlPlane = Optional.empty();

    @Override
    int run() {
      String path = controlPlane
          .map(cp -> PATH + "?filter%5Bcontrol_plane_id%5D="
              + URLEncoder.encode(ControlPlanesCommand.resolve(api(), cp),
                  StandardCharsets.UTF_8))
          .orElse(PATH);
      printer().list(api().list(path), TABLE);
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = {
        "Show one configuration with its groups' states.",
        "",
        "Example:",
        "  ./causeway configurations get CONFIGURATION_ID"
      })
  static final class GetConfiguration extends ClientCommand {
    @Parameters(paramLabel = "CONFIGURATION", description = "Configuration id.")
    String id;

    @Override
    int run() {
      printer().entity(api().get(PATH + "/" + CoreEntitiesCommand.OnControlPlane.segment(id)));
      return 0;
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = {
        "Create or replace a control plane's configuration: one autopilot group per --network",
        "(its provider and region are the network's), or the request body from --file.",
        "",
        "Example:",
        "  ./causeway configurations put --control-plane default --network prod"
      })
  static final class PutConfiguration extends ClientCommand {
    @Option(
        names = "--control-plane",
        paramLabel = "CONTROL_PLANE",
        defaultValue = "default",
        description = "Control plane id or unique name (default: ${DEFAULT-VALUE}).")
    String controlPlane;

    @Option(
        names = "--network",
        paramLabel = "NETWORK",
        description = "A network (id or name) to place a data-plane group in; repeatable.")
    List<String> networks = new ArrayList<>();

    @Option(
        names = "--base-rps",
        paramLabel = "N",
        defaultValue = "100",
        description = "Autopilot base requests per second (default: ${DEFAULT-VALUE}).")
    int baseRps;

    @Option(
        names = "--geo",
        paramLabel = "GEO",
        defaultValue = "us",
        description = "Control plane geo (default: ${DEFAULT-VALUE}).")
    String geo;

    @Option(
        names = "--gateway-version",
        paramLabel = "VERSION",
        defaultValue = "3.10",
        description = "Gateway version (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "A CreateConfigurationRequest (YAML or JSON) instead of the options.")
    Optional<Path> file = Optional.empty();

    @Override
    int run() {
      JsonNode body = file.isPresent() ? ConfigCommand.read(file.get()) : fromOptions();
      printer().entity(api().put(PATH, body));
      return 0;
    }

    private ObjectNode fromOptions() {
      ObjectNode body = Api.JSON.createObjectNode();
      body.put("control_plane_id", ControlPlanesCommand.resolve(api(), controlPlane));
      body.put("control_plane_geo", geo);
      body.put("version", version);
      body.put("kind", "dedicated.v0");
      ArrayNode groups = body.putArray("dataplane_groups");
      for (String name : networks) {
        String id = Resolver.network(api(), name);
        JsonNode network = api().get(Resolver.NETWORKS + "/" + id);
        JsonNode account = api().get("/v2/cloud-gateways/provider-accounts/"
            + network.path("cloud_gateway_provider_account_id").asText());
        ObjectNode group = groups.addObject();
        group.put("provider", account.path("provider").asText());
        group.put("region", network.path("region").asText());
        group.put("cloud_gateway_network_id", id);
        group.putObject("autoscale").put("kind", "autopilot").put("base_rps", baseRps);
      }
      return body;
    }
  }
}
