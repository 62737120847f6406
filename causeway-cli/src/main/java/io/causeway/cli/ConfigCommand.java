package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code causeway config dump|apply}: a control plane's whole gateway configuration as one Kong
 * 3.x declarative file ({@code GET|PUT .../core-entities/config}, docs/hybrid.md).
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Move a Kong 3.x declarative file into and out of a control plane.",
      "",
      "Example:",
      "  ./causeway config dump > kong.yaml"
    },
    subcommands = {ConfigCommand.Dump.class, ConfigCommand.Apply.class})
final class ConfigCommand extends GroupCommand {
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              // "3.0" stays a string: Kong refuses a numeric _format_version.
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private static final List<String> KINDS = List.of("services", "routes", "upstreams", "targets");

  static String path(Api api, String controlPlane) {
    return Resolver.CONTROL_PLANES + "/" + ControlPlanesCommand.resolve(api, controlPlane)
        + "/core-entities/config";
  }

  @Command(
      name = "dump",
      mixinStandardHelpOptions = true,
      description = {
        "Print the configuration as a Kong 3.x declarative file (YAML; -o json for JSON).",
        "",
        "Example:",
        "  ./causeway config dump --control-plane default > kong.yaml"
      })
  static final class Dump extends ClientCommand {
    @Option(
        names = "--control-plane",
        paramLabel = "CONTROL_PLANE",
        defaultValue = "default",
        description = "Control plane id or unique name (default: ${DEFAULT-VALUE}).")
    String controlPlane;

    @Override
    int run() {
      JsonNode doc = api().get(path(api(), controlPlane));
      try {
        out().print(client.output() == Output.JSON
            ? Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n"
            : YAML.writeValueAsString(doc));
      } catch (IOException e) {
        throw new IllegalStateException("cannot print the configuration", e);
      }
      out().flush();
      return 0;
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Replace the configuration with a Kong 3.x declarative file (YAML or JSON).",
        "Shows what changes first (created, deleted and kept entities per kind, and the",
        "server's dry run); --dry-run stops there.",
        "",
        "Example:",
        "  ./causeway config apply kong.yaml --control-plane default --dry-run"
      })
  static final class Apply extends ClientCommand {
    @Parameters(paramLabel = "FILE", description = "The declarative file (.json, or YAML).")
    Path file;

    @Option(
        names = "--control-plane",
        paramLabel = "CONTROL_PLANE",
        defaultValue = "default",
        description = "Control plane id or unique name (default: ${DEFAULT-VALUE}).")
    String controlPlane;

    @Option(names = "--dry-run", description = "Show the changes without applying them.")
    boolean dryRun;

    @Override
    int run() {
      JsonNode document = read(file);
      String path = path(api(), controlPlane);
      Map<String, Set<String>> current = keys(api().get(path));
      Map<String, Set<String>> wanted = keys(document);
      JsonNode plan = api().put(path + "?dry_run=true", document);
      printDiff(current, wanted, plan);
      if (dryRun) {
        out().println("Dry run: nothing applied.");
        out().flush();
        return 0;
      }
      JsonNode done = api().put(path, document);
      out().println("Applied: configuration version " + done.path("version").asLong()
          + ", hash " + done.path("config_hash").asText());
      out().flush();
      return 0;
    }

    private void printDiff(
        Map<String, Set<String>> current, Map<String, Set<String>> wanted, JsonNode plan) {
      for (String kind : KINDS) {
        Set<String> created = new LinkedHashSet<>(wanted.get(kind));
        created.removeAll(current.get(kind));
        Set<String> deleted = new LinkedHashSet<>(current.get(kind));
        deleted.removeAll(wanted.get(kind));
        int kept = wanted.get(kind).size() - created.size();
        out().println(kind + ": " + created.size() + " to create" + named(created) + ", "
            + deleted.size() + " to delete" + named(deleted) + ", " + kept + " kept");
      }
      out().println("Server dry run: " + plan.path("created").asInt() + " created, "
          + plan.path("updated").asInt() + " updated, " + plan.path("deleted").asInt()
          + " deleted, " + plan.path("unchanged").asInt() + " unchanged");
    }

    private static String named(Set<String> keys) {
      return keys.isEmpty() ? "" : " (" + String.join(", ", keys) + ")";
    }
  }

  /** The file as JSON: {@code .json} is read as JSON, anything else as YAML (a superset). */
  static JsonNode read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CliException.usage(file + ": no such file");
    } catch (IOException e) {
      throw CliException.usage(file + ": cannot read (" + e.getMessage() + ")");
    }
    boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    try {
      JsonNode node = (json ? Api.JSON : YAML).readTree(text);
      if (!(node instanceof ObjectNode)) {
        throw CliException.usage(file + ": expected a Kong declarative document (an object)");
      }
      return node;
    } catch (IOException e) {
      throw CliException.usage(file + ": not valid " + (json ? "JSON" : "YAML") + " ("
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  /**
   * Each kind's entities by key: the name (else the id); a target by its upstream and address.
   * Nested routes and targets count as top-level ones.
   */
  static Map<String, Set<String>> keys(JsonNode doc) {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    KINDS.forEach(k -> keys.put(k, new LinkedHashSet<>()));
    Map<String, String> upstreamNames = new LinkedHashMap<>();
    List<JsonNode[]> targets = new ArrayList<>();
    for (JsonNode service : doc.path("services")) {
      keys.get("services").add(key(service));
      service.path("routes").forEach(r -> keys.get("routes").add(key(r)));
    }
    doc.path("routes").forEach(r -> keys.get("routes").add(key(r)));
    for (JsonNode upstream : doc.path("upstreams")) {
      keys.get("upstreams").add(key(upstream));
      if (upstream.hasNonNull("id")) {
        upstreamNames.put(upstream.get("id").asText(), key(upstream));
      }
      upstream.path("targets").forEach(t -> targets.add(new JsonNode[] {upstream, t}));
    }
    doc.path("targets").forEach(t -> targets.add(new JsonNode[] {null, t}));
    for (JsonNode[] pair : targets) {
      String upstream = pair[0] != null
          ? key(pair[0])
          : pair[1].path("upstream").isObject()
              ? pair[1].path("upstream").path("id").asText()
              : pair[1].path("upstream").asText();
      keys.get("targets").add(upstreamNames.getOrDefault(upstream, upstream) + "/"
          + pair[1].path("target").asText());
    }
    return keys;
  }

  private static String key(JsonNode entity) {
    if (entity.hasNonNull("name")) {
      return entity.get("name").asText();
    }
    return entity.hasNonNull("id") ? entity.get("id").asText() : "(unnamed)";
  }
}
