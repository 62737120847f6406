package io.causeway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.SqlStatement;

/** Column reading, argument binding and WHERE clauses shared by the repositories. */
final class Sql {
  private Sql() {}

  /**
   * Binds an {@link Instant} as an {@link OffsetDateTime} in UTC: both drivers map that to
   * {@code TIMESTAMP WITH TIME ZONE} without consulting the JVM's default zone (JDBI's default
   * goes through {@code java.sql.Timestamp}, which does).
   */
  static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
    InstantArgumentFactory() {
      super(Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
      OffsetDateTime utc = value.atOffset(ZoneOffset.UTC);
      return (position, statement, ctx) -> statement.setObject(position, utc);
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    if (value == null) {
      throw new SQLException("column " + column + " is null (expected: a timestamp)");
    }
    return value.toInstant();
  }

  static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }

  static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  /** Binds an optional string as a typed NULL when empty (PostgreSQL needs the type). */
  static <S extends SqlStatement<S>> S bindOptional(S statement, String name, Optional<String> v) {
    return statement.bindByType(name, v.orElse(null), String.class);
  }

  static <S extends SqlStatement<S>> S bindOptionalInstant(
      S statement, String name, Optional<Instant> v) {
    return statement.bindByType(name, v.orElse(null), Instant.class);
  }

  /** A WHERE fragment (starting with " AND ", or empty) and its named parameters. */
  record Conditions(String sql, Map<String, Object> params) {
    <S extends SqlStatement<S>> S bindTo(S statement) {
      return statement.bindMap(params);
    }
  }

  /**
   * Turns filters into SQL over {@code columns} (wire field name to column). Values are always
   * bound, never spliced; only column names from the map reach the SQL text.
   */
  static Conditions conditions(List<Filter> filters, Map<String, String> columns) {
    StringBuilder sql = new StringBuilder();
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < filters.size(); i++) {
      Filter filter = filters.get(i);
      String column = columns.get(filter.field());
      if (column == null) {
        throw new IllegalArgumentException(
            "filter[" + filter.field() + "]: unknown field (expected one of: "
                + String.join(", ", columns.keySet().stream().sorted().toList()) + ")");
      }
      List<String> terms = new ArrayList<>();
      for (int j = 0; j < filter.values().size(); j++) {
        String param = "f" + i + "_" + j;
        String value = filter.values().get(j);
        switch (filter.op()) {
          case EQ, OEQ -> {
            terms.add(column + " = :" + param);
            params.put(param, value);
          }
          case NEQ -> {
            terms.add(column + " <> :" + param);
            params.put(param, value);
          }
          case CONTAINS, OCONTAINS -> {
            terms.add("LOWER(" + column + ") LIKE :" + param + " ESCAPE '!'");
            params.put(param, "%" + escapeLike(value.toLowerCase(Locale.ROOT)) + "%");
          }
        }
      }
      sql.append(" AND (").append(String.join(" OR ", terms)).append(')');
    }
    return new Conditions(sql.toString(), params);
  }

  private static String escapeLike(String value) {
    // '!' rather than the usual backslash: JDBI's statement parser treats a backslash inside a
    // literal as an escape of the closing quote.
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }
}
