package io.causeway.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causeway nodes ...}: the data planes connected to a control plane. */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = {
      "Data plane nodes of a control plane: version, last ping, config hash, in sync or not.",
      "",
      "Example:",
      "  ./causeway nodes list --control-plane default"
    },
    subcommands = {NodesCommand.ListNodes.class, NodesCommand.GetNode.class})
final class NodesCommand extends GroupCommand {
  static final Table TABLE =
      new Table(
          List.of(
              Table.Column.of("ID", "/id"),
              Table.Column.of("HOSTNAME", "/hostname"),
              Table.Column.of("VERSION", "/version"),
              Table.Column.of("LAST_PING", "/last_ping"),
              Table.Column.of("IN_SYNC", "/in_sync"),
              Table.Column.of("CONFIG_HASH", "/config_hash")));

  /** The control plane option of both leaves. */
  abstract static class OnControlPlane extends ClientCommand {
    @Option(
        names = "--control-plane",
        paramLabel = "CONTROL_PLANE",
        defaultValue = "default",
        description = "Control plane id or unique name (default: ${DEFAULT-VALUE}).")
    String controlPlane;

    final String collection() {
      return Resolver.CONTROL_PLANES
          + "/"
          + ControlPlanesCommand.resolve(api(), controlPlane)
          + "/nodes";
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List nodes.",
        "",
        "Example:",
        "  ./causeway nodes list --control-plane default"
      })
  static final class ListNodes extends OnControlPlane {
    @Override
    int run() {
      printer().list(api().follow(collection(), "items", "/page/next"), TABLE);
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = {"Show one node.", "", "Example:", "  ./causeway nodes get NODE_ID"})
  static final class GetNode extends OnControlPlane {
    @Parameters(paramLabel = "NODE", description = "Node id.")
    String node;

    @Override
    int run() {
      printer()
          .entity(api().get(collection() + "/" + CoreEntitiesCommand.OnControlPlane.segment(node)));
      return 0;
    }
  }
}
