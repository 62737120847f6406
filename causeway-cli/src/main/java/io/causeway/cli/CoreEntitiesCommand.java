package io.causeway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code causeway services|routes|upstreams|targets ...}: a control plane's gateway entities in
 * Kong's Admin API shapes. One class serves the four kinds; {@link #register} names each group and
 * drops the parent options a kind does not have ({@code --service} is for routes, {@code
 * --upstream} for targets).
 */
@Command(
    mixinStandardHelpOptions = true,
    subcommands = {
      CoreEntitiesCommand.ListEntities.class,
      CoreEntitiesCommand.GetEntity.class,
      CoreEntitiesCommand.CreateEntity.class,
      CoreEntitiesCommand.DeleteEntity.class
    })
final class CoreEntitiesCommand extends GroupCommand {
  /** The kinds, their table columns and an example entity. */
  enum Kind {
    SERVICES(
        "service",
        "--set name=orders --set url=http://orders.internal:8080",
        List.of(
            col("NAME", "/name"),
            col("PROTOCOL", "/protocol"),
            col("HOST", "/host"),
            col("PORT", "/port"),
            col("PATH", "/path"))),
    ROUTES(
        "route",
        "--service orders --set 'paths=[\"/orders\"]'",
        List.of(
            col("NAME", "/name"),
            col("PATHS", "/paths"),
            col("HOSTS", "/hosts"),
            col("METHODS", "/methods"),
            col("SERVICE", "/service/id"))),
    UPSTREAMS(
        "upstream",
        "--set name=orders.upstream --set algorithm=least-connections",
        List.of(col("NAME", "/name"), col("ALGORITHM", "/algorithm"))),
    TARGETS(
        "target",
        "--upstream orders.upstream --set target=10.1.0.7:8080",
        List.of(
            col("TARGET", "/target"), col("WEIGHT", "/weight"), col("UPSTREAM", "/upstream/id")));

    final String singular;
    final String example;
    final Table table;

    Kind(String singular, String example, List<Table.Column> columns) {
      this.singular = singular;
      this.example = example;
      List<Table.Column> all = new ArrayList<>();
      all.add(col("ID", "/id"));
      all.addAll(columns);
      this.table = new Table(all);
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    private static Table.Column col(String header, String pointer) {
      return Table.Column.of(header, pointer);
    }
  }

  private final Kind kind;

  CoreEntitiesCommand(Kind kind) {
    this.kind = kind;
  }

  /** Adds the four groups to {@code root}, built by {@code factory}. */
  static void register(CommandLine root, CommandLine.IFactory factory) {
    for (Kind kind : Kind.values()) {
      CommandLine group = new CommandLine(new CoreEntitiesCommand(kind), factory);
      group
          .getCommandSpec()
          .usageMessage()
          .description(
              "Manage the " + kind.wire() + " of a control plane (Kong Admin API shapes).",
              "",
              "Example:",
              "  ./causeway " + kind.wire() + " list --control-plane default");
      for (CommandLine leaf : group.getSubcommands().values()) {
        describe(kind, leaf);
      }
      root.addSubcommand(kind.wire(), group);
    }
  }

  private static void describe(Kind kind, CommandLine leaf) {
    var spec = leaf.getCommandSpec();
    if (kind != Kind.ROUTES) {
      spec.remove(spec.findOption("--service"));
    }
    if (kind != Kind.TARGETS) {
      spec.remove(spec.findOption("--upstream"));
    }
    String action = spec.name();
    String example =
        switch (action) {
          // A continuation line keeps the example one pasteable shell command.
          case "create" -> "create \\\n      " + kind.example;
          case "list" -> "list" + (kind == Kind.TARGETS ? " --upstream orders.upstream" : "");
          default ->
              action
                  + (kind == Kind.TARGETS
                      ? " --upstream orders.upstream 10.1.0.7:8080"
                      : " orders");
        };
    String what =
        switch (action) {
          case "list" -> "List the " + kind.wire() + ".";
          case "get" -> "Show one " + kind.singular + " (id or name).";
          case "create" -> "Create a " + kind.singular + " from --file and/or --set.";
          default -> "Delete a " + kind.singular + " (id or name).";
        };
    List<String> lines = new ArrayList<>(List.of(what, "", "Example:"));
    lines.addAll(List.of(("  ./causeway " + kind.wire() + " " + example).split("\n")));
    spec.usageMessage().description(lines.toArray(String[]::new));
  }

  /** Options and paths common to the leaves. */
  abstract static class OnControlPlane extends ClientCommand {
    @ParentCommand CoreEntitiesCommand group;

    @Option(
        names = "--control-plane",
        paramLabel = "CONTROL_PLANE",
        defaultValue = "default",
        description = "Control plane id or unique name (default: ${DEFAULT-VALUE}).")
    String controlPlane;

    @Option(
        names = "--service",
        paramLabel = "SERVICE",
        description = "The routes of this service.")
    Optional<String> service = Optional.empty();

    @Option(
        names = "--upstream",
        paramLabel = "UPSTREAM",
        required = true,
        description = "The upstream the targets belong to (id or name).")
    String upstream;

    final Kind kind() {
      return group.kind;
    }

    private String base() {
      return Resolver.CONTROL_PLANES
          + "/"
          + ControlPlanesCommand.resolve(api(), controlPlane)
          + "/core-entities/";
    }

    /** {@code .../core-entities/services}, or a parent's nested collection. */
    final String collection() {
      String base = base();
      return switch (kind()) {
        case TARGETS -> base + "upstreams/" + segment(upstream) + "/targets";
        case ROUTES ->
            service.map(s -> base + "services/" + segment(s) + "/routes").orElse(base + "routes");
        case SERVICES, UPSTREAMS -> base + kind().wire();
      };
    }

    /** One entity: Kong's paths take an id or a name. */
    final String entity(String idOrName) {
      String collection = kind() == Kind.TARGETS ? collection() : base() + kind().wire();
      return collection + "/" + segment(idOrName);
    }

    static String segment(String value) {
      try {
        return new URI(null, null, value, null).getRawPath().replace("/", "%2F");
      } catch (URISyntaxException e) {
        throw CliException.usage(value + " (expected: an id or a name)");
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true)
  static final class ListEntities extends OnControlPlane {
    @Override
    int run() {
      printer().list(api().follow(collection(), "data", "/next"), kind().table);
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true)
  static final class GetEntity extends OnControlPlane {
    @Parameters(paramLabel = "ENTITY", description = "Id or name.")
    String entity;

    @Override
    int run() {
      printer().entity(api().get(entity(entity)));
      return 0;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true)
  static final class CreateEntity extends OnControlPlane {
    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "The entity as a JSON or YAML object (- for standard input).")
    Optional<Path> file = Optional.empty();

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "A field; a JSON value (8080, true, [\"/a\"]) or else a string. Repeats.")
    List<String> sets = new ArrayList<>();

    @Override
    int run() {
      ObjectNode body = EntityBody.of(file, sets, System.in);
      printer().entity(api().post(collection(), body));
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true)
  static final class DeleteEntity extends OnControlPlane {
    @Parameters(paramLabel = "ENTITY", description = "Id or name.")
    String entity;

    @Override
    int run() {
      api().delete(entity(entity));
      printer()
          .message(
              "Deleted " + kind().singular + " " + entity + ".",
              Api.JSON.createObjectNode().put(kind().singular, entity).put("deleted", true));
      return 0;
    }
  }
}
