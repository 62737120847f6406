package io.causeway.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The store's tables as JDBC metadata describes them, on H2 (upper-case names) and PostgreSQL
 * (lower-case) alike: names are lower-cased, which is also how the migrations' unquoted names
 * resolve on both. Tables come parents first (by foreign key), ties by name.
 */
final class BackupSchema {
  private BackupSchema() {}

  static List<TableInfo> tables(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String schema = c.getSchema();
    List<String> metaNames = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        String name = rs.getString("TABLE_NAME");
        if (!name.equalsIgnoreCase(Backup.FLYWAY_TABLE)) {
          metaNames.add(name);
        }
      }
    }
    Map<String, TableInfo> byName = new TreeMap<>();
    for (String metaName : metaNames) {
      TableInfo table = describe(md, schema, metaName);
      byName.put(table.name(), table);
    }
    return parentsFirst(byName);
  }

  private static TableInfo describe(DatabaseMetaData md, String schema, String metaName)
      throws SQLException {
    String name = lower(metaName);
    Map<Integer, Column> columns = new TreeMap<>();
    try (ResultSet rs = md.getColumns(null, schema, metaName, "%")) {
      while (rs.next()) {
        // The pattern's '_' matches any character: keep this table's columns only.
        if (!rs.getString("TABLE_NAME").equals(metaName)) {
          continue;
        }
        String type = rs.getString("TYPE_NAME");
        columns.put(rs.getInt("ORDINAL_POSITION"), new Column(lower(rs.getString("COLUMN_NAME")),
            type, rs.getInt("DATA_TYPE"), Kind.of(type),
            "YES".equals(rs.getString("IS_AUTOINCREMENT"))));
      }
    }
    Map<Integer, String> key = new TreeMap<>();
    try (ResultSet rs = md.getPrimaryKeys(null, schema, metaName)) {
      while (rs.next()) {
        key.put(rs.getInt("KEY_SEQ"), lower(rs.getString("COLUMN_NAME")));
      }
    }
    Set<String> parents = new TreeSet<>();
    Map<String, List<String[]>> selfKeys = new TreeMap<>();
    try (ResultSet rs = md.getImportedKeys(null, schema, metaName)) {
      while (rs.next()) {
        String parent = lower(rs.getString("PKTABLE_NAME"));
        if (parent.equals(name)) {
          selfKeys.computeIfAbsent(String.valueOf(rs.getString("FK_NAME")), k -> new ArrayList<>())
              .add(new String[] {lower(rs.getString("FKCOLUMN_NAME")),
                  lower(rs.getString("PKCOLUMN_NAME"))});
        } else {
          parents.add(parent);
        }
      }
    }
    // Only a single-column reference to itself is reordered (the schema has only those).
    Optional<String[]> self = selfKeys.values().stream()
        .filter(cols -> cols.size() == 1).map(cols -> cols.get(0)).findFirst();
    return new TableInfo(name, List.copyOf(columns.values()), List.copyOf(key.values()),
        parents, self.map(s -> s[0]), self.map(s -> s[1]));
  }

  /** Kahn's algorithm; a cycle between tables (none in the schema) keeps name order. */
  private static List<TableInfo> parentsFirst(Map<String, TableInfo> byName) {
    List<TableInfo> ordered = new ArrayList<>();
    Set<String> done = new HashSet<>();
    while (ordered.size() < byName.size()) {
      boolean progress = false;
      for (TableInfo table : byName.values()) {
        if (!done.contains(table.name()) && table.parents().stream()
            .allMatch(p -> done.contains(p) || !byName.containsKey(p))) {
          ordered.add(table);
          done.add(table.name());
          progress = true;
          break;
        }
      }
      if (!progress) {
        byName.values().stream().filter(t -> !done.contains(t.name())).forEach(ordered::add);
        break;
      }
    }
    return ordered;
  }

  /** The dump must have exactly the target's tables, each with the target's columns. */
  static void checkFits(List<TableInfo> tables, Backup.Dump dump) {
    Set<String> target = new TreeSet<>();
    tables.forEach(t -> target.add(t.name()));
    Set<String> source = new TreeSet<>();
    dump.tables().forEach(t -> source.add(t.name()));
    if (!target.equals(source)) {
      throw new BackupException("the backup's tables " + source + " do not match the schema's "
          + target + " at version " + dump.schemaVersion()
          + " (expected: a backup written by causeway backup, unedited)");
    }
    for (TableInfo table : tables) {
      Set<String> want = new TreeSet<>();
      table.columns().forEach(c -> want.add(c.name()));
      Set<String> have = new TreeSet<>(dump.table(table.name()).orElseThrow().columns());
      if (!want.equals(have)) {
        throw new BackupException("table " + table.name() + ": the backup's columns " + have
            + " do not match the schema's " + want + " (expected: a backup written by causeway"
            + " backup, unedited)");
      }
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** How a column's values are carried in a dump. */
  enum Kind {
    UUID,
    TIMESTAMP,
    BOOLEAN,
    INTEGER,
    TEXT;

    static Kind of(String typeName) {
      String t = typeName.toLowerCase(Locale.ROOT);
      if (t.equals("uuid")) {
        return UUID;
      }
      if (t.startsWith("timestamp")) {
        return TIMESTAMP;
      }
      if (t.startsWith("bool")) {
        return BOOLEAN;
      }
      if (Set.of("bigint", "integer", "int", "int2", "int4", "int8", "smallint").contains(t)) {
        return INTEGER;
      }
      return TEXT;
    }
  }

  record Column(String name, String typeName, int jdbcType, Kind kind, boolean identity) {}

  /**
   * A table as the database describes it; {@code selfParent}/{@code selfKey} name a foreign key
   * from the table to itself (a route's service, a target's upstream), if any.
   */
  record TableInfo(
      String name,
      List<Column> columns,
      List<String> primaryKey,
      Set<String> parents,
      Optional<String> selfParent,
      Optional<String> selfKey) {

    /** Rows reordered so that a row referencing another row of this table follows it. */
    List<List<Object>> parentsFirst(List<List<Object>> rows) {
      if (selfParent.isEmpty() || selfKey.isEmpty()) {
        return rows;
      }
      List<String> names = columns.stream().map(Column::name).toList();
      int parent = names.indexOf(selfParent.get());
      int key = names.indexOf(selfKey.get());
      Map<Object, List<Object>> byKey = new LinkedHashMap<>();
      rows.forEach(r -> byKey.put(r.get(key), r));
      List<List<Object>> ordered = new ArrayList<>(rows.size());
      Set<Object> placed = new HashSet<>();
      for (List<Object> row : rows) {
        place(row, parent, key, byKey, placed, ordered, 0);
      }
      return ordered;
    }

    private static void place(List<Object> row, int parent, int key,
        Map<Object, List<Object>> byKey, Set<Object> placed, List<List<Object>> ordered,
        int depth) {
      if (placed.contains(row.get(key)) || depth > byKey.size()) {
        return;
      }
      Object up = row.get(parent);
      if (up != null && byKey.containsKey(up) && !placed.contains(up)) {
        place(byKey.get(up), parent, key, byKey, placed, ordered, depth + 1);
      }
      placed.add(row.get(key));
      ordered.add(row);
    }
  }
}
