package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The body of a create request typed on the command line: a JSON or YAML file ({@code -} for
 * standard input), then {@code --set KEY=VALUE} on top, where a value that parses as JSON is taken
 * as JSON ({@code port=8080}, {@code paths=["/api"]}) and anything else as a string.
 */
final class EntityBody {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private EntityBody() {}

  static ObjectNode of(Optional<Path> file, List<String> sets, InputStream stdin) {
    ObjectNode body = file.map(f -> read(f, stdin)).orElseGet(Api.JSON::createObjectNode);
    for (String set : sets) {
      int equals = set.indexOf('=');
      if (equals <= 0) {
        throw CliException.usage("--set " + set + " (expected: KEY=VALUE, e.g. port=8080)");
      }
      body.set(set.substring(0, equals), value(set.substring(equals + 1)));
    }
    return body;
  }

  private static JsonNode value(String text) {
    try {
      JsonNode parsed = Api.JSON.readTree(text);
      if (parsed != null && !parsed.isMissingNode()) {
        return parsed;
      }
    } catch (IOException e) {
      // Not JSON: a plain string such as a name or a URL.
    }
    return Api.JSON.getNodeFactory().textNode(text);
  }

  private static ObjectNode read(Path file, InputStream stdin) {
    JsonNode node;
    try {
      // YAML is a superset of JSON, so one parser reads both.
      node =
          file.toString().equals("-")
              ? YAML.readTree(stdin)
              : YAML.readTree(Files.newBufferedReader(file));
    } catch (IOException e) {
      throw CliException.usage("file: cannot read " + file + " (" + e.getMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw CliException.usage("file: " + file + " (expected: one JSON or YAML object)");
    }
    return (ObjectNode) node;
  }
}
