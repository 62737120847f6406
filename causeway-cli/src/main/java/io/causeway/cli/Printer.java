package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;

/** Prints API answers in the chosen {@link Output} format on a command's standard output. */
final class Printer {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private final PrintWriter out;
  private final Output format;

  Printer(PrintWriter out, Output format) {
    this.out = out;
    this.format = format;
  }

  Output format() {
    return format;
  }

  /** A list: the table's columns, or the array of items as JSON/YAML. */
  void list(JsonNode items, Table table) {
    switch (format) {
      case TABLE -> table.print(out, items);
      case JSON, YAML -> document(items);
    }
  }

  /** One entity: {@code field: value} lines, or the entity as JSON/YAML. */
  void entity(JsonNode entity) {
    switch (format) {
      case TABLE -> Table.printEntity(out, entity);
      case JSON, YAML -> document(entity);
    }
  }

  /** Free text for the table format; the given document otherwise. */
  void message(String text, JsonNode document) {
    switch (format) {
      case TABLE -> {
        out.println(text);
        out.flush();
      }
      case JSON, YAML -> document(document);
    }
  }

  void document(JsonNode node) {
    try {
      String text =
          switch (format) {
            case JSON, TABLE ->
                Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
            case YAML -> YAML.writeValueAsString(node);
          };
      out.print(text);
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the answer", e);
    }
  }
}
