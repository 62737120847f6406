package io.causeway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Aligned text columns: a header row, then one row per entity. */
final class Table {
  /** A column: its header and how a cell is read from an entity. */
  record Column(String header, Function<JsonNode, String> cell) {
    /** A column that shows the text at a JSON pointer ({@code /state_metadata/reason}). */
    static Column of(String header, String pointer) {
      return new Column(header, node -> text(node.at(pointer)));
    }
  }

  private final List<Column> columns;

  Table(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  void print(PrintWriter out, Iterable<JsonNode> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(columns.stream().map(Column::header).toArray(String[]::new));
    for (JsonNode row : rows) {
      cells.add(columns.stream().map(c -> oneLine(c.cell().apply(row))).toArray(String[]::new));
    }
    int[] widths = new int[columns.size()];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(line[i]);
        if (i < line.length - 1) {
          text.append(" ".repeat(widths[i] - line[i].length() + 2));
        }
      }
      out.println(text.toString().stripTrailing());
    }
    out.flush();
  }

  /** {@code field: value} lines for one entity, nested objects and arrays as dotted paths. */
  static void printEntity(PrintWriter out, JsonNode entity) {
    List<String[]> lines = new ArrayList<>();
    flatten("", entity, lines);
    int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
    for (String[] line : lines) {
      out.println(
          (line[0] + ":" + " ".repeat(width - line[0].length() + 1) + line[1]).stripTrailing());
    }
    out.flush();
  }

  private static void flatten(String prefix, JsonNode node, List<String[]> lines) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        flatten(
            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
            field.getValue(),
            lines);
      }
    } else if (node.isArray() && hasContainers(node)) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "." + i, node.get(i), lines);
      }
    } else {
      lines.add(new String[] {prefix, text(node)});
    }
  }

  private static boolean hasContainers(JsonNode array) {
    for (JsonNode item : array) {
      if (item.isContainerNode()) {
        return true;
      }
    }
    return false;
  }

  /** Scalars as text, arrays of scalars comma-separated, missing and null as empty. */
  static String text(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "";
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(text(item)));
      return String.join(",", items);
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\r', ' ');
  }
}
