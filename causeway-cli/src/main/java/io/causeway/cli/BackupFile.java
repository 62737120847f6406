package io.causeway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.store.Backup;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backup file: JSON lines, UTF-8. The first line is the header (format, format version,
 * Flyway schema version, source database, time, and each table's columns and row count in
 * restore order); then one line per row, {@code {"table": ..., "row": {column: value}}}; the last
 * line, {@code {"end": true, "rows": N}}, proves the file is complete. Written owner-only (0600):
 * it holds token digests.
 */
final class BackupFile {
  static final String FORMAT = "causeway-backup";
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private BackupFile() {}

  /**
   * Writes {@code dump} to {@code file} through a temporary owner-only file in the same
   * directory, moved into place once complete; an existing file is replaced only when {@code
   * replace}.
   */
  static void write(Path file, Backup.Dump dump, String database, boolean replace) {
    Path target = file.toAbsolutePath();
    if (Files.exists(target) && !replace) {
      throw CliException.api("backup: " + file + " exists (expected: a new file; --force"
          + " replaces it)");
    }
    Path temp = null;
    try {
      temp = ownerOnlyTemp(target);
      try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
          Files.newOutputStream(temp, StandardOpenOption.WRITE), StandardCharsets.UTF_8))) {
        line(out, header(dump, database));
        long rows = 0;
        for (Backup.Table table : dump.tables()) {
          for (List<Object> values : table.rows()) {
            ObjectNode row = JSON.createObjectNode();
            for (int i = 0; i < values.size(); i++) {
              row.putPOJO(table.columns().get(i), values.get(i));
            }
            ObjectNode line = JSON.createObjectNode().put("table", table.name());
            line.set("row", row);
            line(out, line);
            rows++;
          }
        }
        line(out, JSON.createObjectNode().put("end", true).put("rows", rows));
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CliException.api("backup: cannot write " + file + ": " + e.getMessage());
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The move took it, or the failure above is the one to report.
        }
      }
    }
  }

  private static Path ownerOnlyTemp(Path target) throws IOException {
    Path dir = target.getParent();
    String prefix = "." + target.getFileName() + ".";
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(dir, prefix, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createTempFile(dir, prefix, ".tmp");
  }

  private static ObjectNode header(Backup.Dump dump, String database) {
    ObjectNode header = JSON.createObjectNode()
        .put("format", FORMAT)
        .put("format_version", FORMAT_VERSION)
        .put("schema_version", dump.schemaVersion())
        .put("database", database)
        .put("created_at", Instant.now().toString());
    ArrayNode tables = header.putArray("tables");
    for (Backup.Table table : dump.tables()) {
      ObjectNode t = tables.addObject().put("name", table.name());
      table.columns().forEach(t.putArray("columns")::add);
      t.put("rows", table.rows().size());
    }
    return header;
  }

  private static void line(BufferedWriter out, JsonNode node) throws IOException {
    out.write(JSON.writeValueAsString(node));
    out.write('\n');
  }

  /** Reads and checks a whole backup file; every defect is a usage-level message. */
  static Backup.Dump read(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Iterator<String> lines = in.lines().iterator();
      if (!lines.hasNext()) {
        throw invalid(file, "it is empty");
      }
      JsonNode header = parse(file, lines.next(), 1);
      if (!FORMAT.equals(header.path("format").asText())) {
        throw invalid(file, "the first line is not a causeway-backup header");
      }
      if (header.path("format_version").asInt() != FORMAT_VERSION) {
        throw invalid(file, "format_version " + header.path("format_version")
            + " (expected: " + FORMAT_VERSION + ")");
      }
      Map<String, List<String>> columns = new LinkedHashMap<>();
      Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
      Map<String, Integer> expected = new LinkedHashMap<>();
      for (JsonNode t : header.path("tables")) {
        List<String> names = new ArrayList<>();
        t.path("columns").forEach(c -> names.add(c.asText()));
        columns.put(t.path("name").asText(), names);
        rows.put(t.path("name").asText(), new ArrayList<>());
        expected.put(t.path("name").asText(), t.path("rows").asInt());
      }
      int number = 1;
      boolean ended = false;
      while (lines.hasNext()) {
        number++;
        JsonNode line = parse(file, lines.next(), number);
        if (ended) {
          throw invalid(file, "line " + number + " follows the end line");
        }
        if (line.path("end").asBoolean(false)) {
          ended = true;
          continue;
        }
        String table = line.path("table").asText();
        if (!columns.containsKey(table)) {
          throw invalid(file, "line " + number + ": table " + table + " is not in the header");
        }
        rows.get(table).add(values(file, number, columns.get(table), line.path("row")));
      }
      if (!ended) {
        throw invalid(file, "it has no end line (the file is truncated)");
      }
      List<Backup.Table> tables = new ArrayList<>();
      for (var entry : columns.entrySet()) {
        List<List<Object>> tableRows = rows.get(entry.getKey());
        if (tableRows.size() != expected.get(entry.getKey())) {
          throw invalid(file, "table " + entry.getKey() + " has " + tableRows.size()
              + " rows (expected: " + expected.get(entry.getKey()) + " as the header says)");
        }
        tables.add(new Backup.Table(entry.getKey(), entry.getValue(), tableRows));
      }
      return new Backup.Dump(header.path("schema_version").asText(), tables);
    } catch (IOException | UncheckedIOException e) {
      throw CliException.api("restore: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static List<Object> values(Path file, int number, List<String> columns, JsonNode row) {
    List<Object> values = new ArrayList<>(columns.size());
    for (String column : columns) {
      JsonNode v = row.get(column);
      if (v == null) {
        throw invalid(file, "line " + number + ": column " + column + " is missing");
      }
      values.add(v.isNull() ? null
          : v.isBoolean() ? (Object) v.booleanValue()
          : v.isIntegralNumber() ? (Object) v.longValue()
          : v.asText());
    }
    return values;
  }

  private static JsonNode parse(Path file, String line, int number) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input, which may be a token digest.
      throw invalid(file, "line " + number + " is not JSON");
    }
  }

  private static CliException invalid(Path file, String why) {
    return CliException.api("restore: " + file + " is not a complete causeway backup: " + why);
  }
}
