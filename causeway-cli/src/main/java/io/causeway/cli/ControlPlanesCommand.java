package io.causeway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causeway control-planes ...}: gateway configuration scopes. */
@Command(
    name = "control-planes",
    mixinStandardHelpOptions = true,
    description = {
      "Manage control planes: the scopes gateway configuration (services, routes, ...) lives in.",
      "",
      "Example:",
      "  ./causeway control-planes list"
    },
    subcommands = {
      ControlPlanesCommand.ListControlPlanes.class,
      ControlPlanesCommand.GetControlPlane.class,
      ControlPlanesCommand.CreateControlPlane.class,
      ControlPlanesCommand.DeleteControlPlane.class
    })
final class ControlPlanesCommand extends GroupCommand {
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("ID", "/id"),
              Table.Column.of("NAME", "/name"),
              Table.Column.of("CLUSTER_TYPE", "/config/cluster_type"),
              Table.Column.of("CLOUD_GATEWAY", "/config/cloud_gateway"),
              Table.Column.of("DESCRIPTION", "/description")));

  static String resolve(Api api, String idOrName) {
    return Resolver.resolve(
        api, Resolver.CONTROL_PLANES, "control plane", idOrName, "./causeway control-planes list");
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {"List control planes.", "", "Example:", "  ./causeway control-planes list"})
  static final class ListControlPlanes extends ClientCommand {
    @Override
    int run() {
      printer().list(api().list(Resolver.CONTROL_PLANES), TABLE);
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = {
        "Show one control plane.",
        "",
        "Example:",
        "  ./causeway control-planes get default"
      })
  static final class GetControlPlane extends ClientCommand {
    @Parameters(paramLabel = "CONTROL_PLANE", description = "Control plane id or unique name.")
    String controlPlane;

    @Override
    int run() {
      printer().entity(api().get(Resolver.CONTROL_PLANES + "/" + resolve(api(), controlPlane)));
      return 0;
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a control plane.",
        "",
        "Example:",
        "  ./causeway control-planes create --name payments --cloud-gateway \\",
        "      --label team=payments"
      })
  static final class CreateControlPlane extends ClientCommand {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Name.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "Description.")
    Optional<String> description = Optional.empty();

    @Option(
        names = "--cloud-gateway",
        description = "Its data planes run in Causeway networks (dedicated cloud gateways).")
    boolean cloudGateway;

    @Option(
        names = "--label",
        paramLabel = "KEY=VALUE",
        description = "A label; repeat for several.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Override
    int run() {
      ObjectNode body = Api.JSON.createObjectNode();
      body.put("name", name);
      description.ifPresent(d -> body.put("description", d));
      body.put("cloud_gateway", cloudGateway);
      if (!labels.isEmpty()) {
        ObjectNode node = body.putObject("labels");
        labels.forEach(node::put);
      }
      printer().entity(api().post(Resolver.CONTROL_PLANES, body));
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Delete a control plane.",
        "",
        "Example:",
        "  ./causeway control-planes delete payments"
      })
  static final class DeleteControlPlane extends ClientCommand {
    @Parameters(paramLabel = "CONTROL_PLANE", description = "Control plane id or unique name.")
    String controlPlane;

    @Override
    int run() {
      String id = resolve(api(), controlPlane);
      api().delete(Resolver.CONTROL_PLANES + "/" + id);
      printer()
          .message(
              "Deleted control plane " + id + ".",
              Api.JSON.createObjectNode().put("id", id).put("deleted", true));
      return 0;
    }
  }
}
