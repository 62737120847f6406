package io.causeway.gateway;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads Kong 3.x declarative configuration ({@code _format_version: "3.0"}), YAML or JSON, into a
 * validated {@link GatewayConfig}.
 *
 * <p>Accepted: services (with Kong's {@code url} shorthand or protocol/host/port/path, and nested
 * routes), top-level routes naming their service, upstreams (with nested targets), top-level
 * targets naming their upstream, and Causeway's own {@code _causeway.dns_forwarding}. Kong's
 * defaults fill what a file leaves out; entities without an {@code id} get a name-based UUID, so
 * reloading the same file keeps every id. Refused, with the path and the reason of every problem:
 * unknown fields, Kong entities Causeway does not serve (plugins, consumers, certificates, ...),
 * other format versions, protocols other than http/https.
 */
final class DeclarativeConfig {
  private DeclarativeConfig() {}

  private static final ObjectMapper JSON = configure(new ObjectMapper());
  private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return mapper;
  }

  /**
   * Reads and validates a file; the format follows its extension ({@code .json}, or YAML).
   *
   * @throws ConfigException listing every problem found
   * @throws UncheckedIOException when the file cannot be read
   */
  static GatewayConfig load(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read declarative configuration " + file, e);
    }
    return parse(content, file.getFileName().toString());
  }

  /**
   * Validates a document. {@code fileNameForFormat} picks the format: {@code *.json} is JSON,
   * {@code *.yaml}/{@code *.yml} YAML; any other name is JSON when the content starts with <code>{
   * </code>, else YAML.
   *
   * @throws ConfigException listing every problem found
   */
  static GatewayConfig parse(String content, String fileNameForFormat) {
    JsonNode root = tree(content, isJson(content, fileNameForFormat));
    return new DeclarativeConfigReader().read(root);
  }

  private static boolean isJson(String content, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return true;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return false;
    }
    return content.stripLeading().startsWith("{");
  }

  private static JsonNode tree(String content, boolean json) {
    String format = json ? "JSON" : "YAML";
    if (content.isBlank()) {
      throw new ConfigException(
          new ConfigProblem(
              "",
              "empty " + format + " document (expected: _format_version: \"3.0\" and entities)"));
    }
    try {
      JsonNode root = (json ? JSON : YAML).readTree(content);
      if (root == null || root.isMissingNode()) {
        throw new ConfigException(new ConfigProblem("", "empty " + format + " document"));
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException(
          new ConfigProblem("", "invalid " + format + where + ": " + e.getOriginalMessage()));
    }
  }
}
