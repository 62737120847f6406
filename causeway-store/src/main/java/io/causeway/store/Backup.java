package io.causeway.store;

import static java.util.Objects.requireNonNull;

import io.causeway.store.BackupSchema.Column;
import io.causeway.store.BackupSchema.Kind;
import io.causeway.store.BackupSchema.TableInfo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * A portable copy of a store's rows, for {@code causeway backup} and {@code causeway restore}:
 * every table of the schema (found in the database's metadata, so tables added by later
 * migrations are included without a change here) with its rows, and the Flyway schema version
 * they belong to. Values are database-neutral scalars, so a dump taken from H2 restores into
 * PostgreSQL and back: UUIDs and text as strings, timestamps as ISO-8601 strings in UTC,
 * booleans, integers as {@code Long}, SQL NULL as {@code null}.
 *
 * <p>{@link #export} reads one consistent snapshot (a read-only REPEATABLE READ transaction on
 * PostgreSQL, so a running control plane may keep writing; an H2 file belongs to one process and
 * must be exported with its control plane stopped). It never migrates the source. {@link
 * #restore} writes into an empty store only (or replaces everything with {@code force}), in one
 * transaction: a failed restore leaves the target as it was. The whole dump is held in memory.
 *
 * <p>The dump includes secrets' digests (API and join token SHA-256 hashes) and the cluster CA's
 * private key: whoever holds it can restore a store that accepts the same tokens and sign
 * certificates its data planes trust, so callers write it owner-only.
 */
public final class Backup {
  static final String FLYWAY_TABLE = "flyway_schema_history";
  private static final int BATCH = 500;
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private Backup() {}

  /**
   * One table: its column names in the table's order, and its rows in an order that restores
   * (by primary key, parents before the children that reference them within the table).
   */
  public record Table(String name, List<String> columns, List<List<Object>> rows) {
    public Table {
      requireNonNull(name, "name");
      columns = List.copyOf(columns);
      // Rows hold SQL NULLs, which List.copyOf refuses.
      rows = rows.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList();
      for (List<Object> row : rows) {
        if (row.size() != columns.size()) {
          throw new IllegalArgumentException("table " + name + ": a row has " + row.size()
              + " values (expected: " + columns.size() + ", one per column)");
        }
      }
    }
  }

  /** A whole store: its schema version and every table, parents before children. */
  public record Dump(String schemaVersion, List<Table> tables) {
    public Dump {
      requireNonNull(schemaVersion, "schemaVersion");
      tables = List.copyOf(tables);
    }

    /** The table named {@code name}, if the dump has it. */
    public Optional<Table> table(String name) {
      return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Rows per table, in dump order. */
    public Map<String, Integer> rowCounts() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      tables.forEach(t -> counts.put(t.name(), t.rows().size()));
      return counts;
    }
  }

  /** What a restore did: the schema version restored and the rows written per table. */
  public record Restored(String schemaVersion, Map<String, Integer> rows, boolean replaced) {
    public Restored {
      rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }
  }

  /**
   * Reads every row of the store at {@code settings}. An H2 file must exist (it is not created)
   * and must not be open in another process.
   *
   * @throws BackupException the store has no Causeway schema, or cannot be read
   * @throws StoreUnavailableException the database cannot be reached or is in use
   */
  public static Dump export(StoreSettings settings) {
    requireNonNull(settings, "settings");
    StoreSettings source = existingOnly(settings);
    String version = currentVersion(source).orElseThrow(() -> new BackupException(
        "no Causeway schema in " + settings.redactedUrl()
            + " (expected: a store a control plane has run on)"));
    try (Connection c = connect(source)) {
      if (settings.isPostgres()) {
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      c.setAutoCommit(false);
      List<Table> tables = new ArrayList<>();
      for (TableInfo table : BackupSchema.tables(c)) {
        tables.add(read(c, table));
      }
      c.rollback();
      return new Dump(version, tables);
    } catch (SQLException e) {
      throw failure("backup of", settings, e);
    }
  }

  /**
   * Writes {@code dump} into the store at {@code settings} (created when it is a new H2 file or
   * an empty database), then migrates it to the newest schema this build knows.
   *
   * @param force replace the rows of a store that is not empty (all of them, in the same
   *     transaction); without it such a store is refused
   * @throws BackupException the dump's schema version is unknown here or older than the
   *     target's, the target is not empty, or the dump does not fit the schema
   */
  public static Restored restore(StoreSettings settings, Dump dump, boolean force) {
    requireNonNull(settings, "settings");
    requireNonNull(dump, "dump");
    MigrationVersion wanted = knownVersion(settings, dump.schemaVersion());
    Optional<MigrationVersion> current = current(settings);
    if (current.isPresent() && current.get().compareTo(wanted) > 0) {
      throw new BackupException("the target store is at schema version " + current.get()
          + ", newer than the backup's " + wanted + " (expected: the same version or an empty"
          + " database; restore into a fresh database and let the control plane migrate it)");
    }
    if (current.isPresent() && !force) {
      refuseIfNotEmpty(settings);
    }
    migrate(settings, Optional.of(wanted));
    boolean replaced;
    Map<String, Integer> written = new LinkedHashMap<>();
    try (Connection c = connect(settings)) {
      c.setAutoCommit(false);
      List<TableInfo> tables = BackupSchema.tables(c);
      BackupSchema.checkFits(tables, dump);
      Map<String, Long> counts = counts(c, tables);
      replaced = hasUserData(counts);
      if (replaced && !force) {
        throw notEmpty(counts);
      }
      // Rows the migrations seed are in the dump too (same schema version): replace them all.
      for (TableInfo table : tables.reversed()) {
        try (Statement s = c.createStatement()) {
          s.executeUpdate("DELETE FROM " + table.name());
        }
      }
      for (TableInfo table : tables) {
        Table rows = dump.table(table.name()).orElseThrow();
        written.put(table.name(), insert(c, table, rows));
        restartIdentities(c, table);
      }
      c.commit();
    } catch (SQLException e) {
      throw failure("restore into", settings, e);
    }
    migrate(settings, Optional.empty());
    return new Restored(wanted.getVersion(), written, replaced);
  }

  // ---- reading ----

  private static Table read(Connection c, TableInfo table) throws SQLException {
    String columns = table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
    String order = table.primaryKey().isEmpty()
        ? columns
        : String.join(", ", table.primaryKey());
    List<List<Object>> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT " + columns + " FROM " + table.name() + " ORDER BY " + order)) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>(table.columns().size());
        for (int i = 0; i < table.columns().size(); i++) {
          row.add(value(rs, i + 1, table.columns().get(i).kind()));
        }
        rows.add(row);
      }
    }
    return new Table(table.name(), table.columns().stream().map(Column::name).toList(),
        table.parentsFirst(rows));
  }

  private static Object value(ResultSet rs, int i, Kind kind) throws SQLException {
    Object value = switch (kind) {
      case UUID, TEXT -> rs.getString(i);
      case TIMESTAMP -> {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).format(TIMESTAMP);
      }
      case BOOLEAN -> rs.getBoolean(i);
      case INTEGER -> rs.getLong(i);
    };
    return rs.wasNull() ? null : value;
  }

  // ---- writing ----

  private static int insert(Connection c, TableInfo table, Table rows) throws SQLException {
    List<Column> targetColumns = table.columns();
    int[] source = new int[targetColumns.size()];
    for (int i = 0; i < source.length; i++) {
      source[i] = rows.columns().indexOf(targetColumns.get(i).name());
    }
    String sql = "INSERT INTO " + table.name() + " ("
        + targetColumns.stream().map(Column::name).collect(Collectors.joining(", "))
        + ") VALUES (" + String.join(", ", Collections.nCopies(source.length, "?")) + ")";
    try (PreparedStatement insert = c.prepareStatement(sql)) {
      int pending = 0;
      for (int r = 0; r < rows.rows().size(); r++) {
        List<Object> row = rows.rows().get(r);
        for (int i = 0; i < source.length; i++) {
          Column column = targetColumns.get(i);
          bind(insert, i + 1, column, row.get(source[i]), table.name(), r);
        }
        insert.addBatch();
        if (++pending == BATCH) {
          insert.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
    return rows.rows().size();
  }

  private static void bind(
      PreparedStatement insert, int i, Column column, Object value, String table, int row)
      throws SQLException {
    if (value == null) {
      insert.setNull(i, column.jdbcType());
      return;
    }
    try {
      switch (column.kind()) {
        case UUID -> insert.setObject(i, UUID.fromString(value.toString()));
        case TIMESTAMP -> insert.setObject(i, OffsetDateTime.parse(value.toString(), TIMESTAMP));
        case BOOLEAN -> insert.setBoolean(i, (Boolean) value);
        case INTEGER -> insert.setLong(i, ((Number) value).longValue());
        case TEXT -> insert.setString(i, value.toString());
      }
    } catch (IllegalArgumentException | ClassCastException | DateTimeParseException e) {
      // The value itself may be a secret's digest: name where it is, not what it is.
      throw new BackupException("table " + table + ", row " + (row + 1) + ", column "
          + column.name() + ": not a " + column.kind().name().toLowerCase(Locale.ROOT)
          + " value (expected: what backup writes for a " + column.typeName() + " column)");
    }
  }

  // ---- checks ----

  private static void refuseIfNotEmpty(StoreSettings settings) {
    try (Connection c = connect(settings)) {
      Map<String, Long> counts = counts(c, BackupSchema.tables(c));
      if (hasUserData(counts)) {
        throw notEmpty(counts);
      }
    } catch (SQLException e) {
      throw failure("restore into", settings, e);
    }
  }

  /**
   * Every user row hangs off an organisation (and the first start makes one), whereas
   * migrations may seed rows of their own: a store without organisations is empty.
   */
  private static boolean hasUserData(Map<String, Long> counts) {
    Long organizations = counts.get("organizations");
    return organizations == null
        ? counts.values().stream().anyMatch(n -> n > 0)
        : organizations > 0;
  }

  /** Identity columns continue after the restored values, so new rows sort after them. */
  private static void restartIdentities(Connection c, TableInfo table) throws SQLException {
    for (Column column : table.columns()) {
      if (!column.identity()) {
        continue;
      }
      long next;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT MAX(" + column.name() + ") FROM " + table.name())) {
        rs.next();
        next = rs.getLong(1) + 1;
      }
      try (Statement s = c.createStatement()) {
        // The same statement on H2 2.x and PostgreSQL 10+.
        s.execute("ALTER TABLE " + table.name() + " ALTER COLUMN " + column.name()
            + " RESTART WITH " + next);
      }
    }
  }

  private static BackupException notEmpty(Map<String, Long> counts) {
    String rows = counts.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
    return new BackupException("the target store is not empty (" + rows + ") (expected: an"
        + " empty store; --force replaces every row)");
  }

  private static Map<String, Long> counts(Connection c, List<TableInfo> tables)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (TableInfo table : tables) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table.name())) {
        rs.next();
        counts.put(table.name(), rs.getLong(1));
      }
    }
    return counts;
  }

  // ---- Flyway and connections ----

  private static MigrationVersion knownVersion(StoreSettings settings, String version) {
    MigrationVersion wanted;
    try {
      wanted = MigrationVersion.fromVersion(version);
    } catch (RuntimeException e) {
      throw new BackupException("schema_version: " + version + " (expected: a version like 3)");
    }
    Set<MigrationVersion> known = new TreeSet<>();
    for (MigrationInfo m : flyway(settings, Optional.empty()).info().all()) {
      if (m.getVersion() != null) {
        known.add(m.getVersion());
      }
    }
    if (!known.contains(wanted)) {
      throw new BackupException("the backup's schema version " + version + " is unknown to"
          + " this build (expected: one of " + known + "; restore with the Causeway version that"
          + " wrote the backup, or a newer one)");
    }
    return wanted;
  }

  private static Optional<String> currentVersion(StoreSettings settings) {
    return current(settings).map(MigrationVersion::getVersion);
  }

  private static Optional<MigrationVersion> current(StoreSettings settings) {
    try {
      MigrationInfo current = flyway(settings, Optional.empty()).info().current();
      return Optional.ofNullable(current).map(MigrationInfo::getVersion);
    } catch (FlywayException e) {
      throw flywayFailure(settings, e);
    }
  }

  private static void migrate(StoreSettings settings, Optional<MigrationVersion> target) {
    try {
      flyway(settings, target).migrate();
    } catch (FlywayException e) {
      throw flywayFailure(settings, e);
    }
  }

  private static Flyway flyway(StoreSettings settings, Optional<MigrationVersion> target) {
    FluentConfiguration config = Flyway.configure()
        .dataSource(settings.jdbcUrl(), settings.user().orElse(null),
            settings.password().orElse(null))
        .locations("classpath:db/migration");
    target.ifPresent(config::target);
    return config.load();
  }

  private static StoreException flywayFailure(StoreSettings settings, FlywayException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return failure("schema check of", settings, sql);
      }
    }
    return new BackupException("schema check of " + settings.redactedUrl() + " failed: "
        + e.getMessage(), e);
  }

  /** An H2 file URL that fails instead of creating an empty database. */
  private static StoreSettings existingOnly(StoreSettings settings) {
    String url = settings.jdbcUrl();
    if (!url.startsWith("jdbc:h2:file:") || url.toUpperCase(Locale.ROOT)
        .contains("IFEXISTS")) {
      return settings;
    }
    return new StoreSettings(url + ";IFEXISTS=TRUE", settings.user(), settings.password(),
        settings.maxPoolSize());
  }

  private static Connection connect(StoreSettings settings) throws SQLException {
    Properties properties = new Properties();
    settings.user().ifPresent(u -> properties.setProperty("user", u));
    settings.password().ifPresent(p -> properties.setProperty("password", p));
    return DriverManager.getConnection(settings.jdbcUrl(), properties);
  }

  private static StoreException failure(String what, StoreSettings settings, SQLException e) {
    String state = String.valueOf(e.getSQLState());
    String where = what + " " + settings.redactedUrl();
    if (state.equals("90020")) {
      return new StoreUnavailableException(where + " failed: the H2 file is in use by another"
          + " process (expected: the control plane stopped; H2 stores are backed up and"
          + " restored offline)", e);
    }
    if (state.startsWith("08") || state.startsWith("57P0") || state.equals("90146")) {
      return new StoreUnavailableException(where + " failed: " + e.getMessage(), e);
    }
    return new BackupException(where + " failed (SQLSTATE " + state + "): " + e.getMessage(), e);
  }
}
