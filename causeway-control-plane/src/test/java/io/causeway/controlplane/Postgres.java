package io.causeway.controlplane;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh PostgreSQL database per test at {@code CAUSEWAY_TEST_DATABASE_URL} (default the local
 * server). Without a server the test is skipped loudly, unless {@code CAUSEWAY_REQUIRE_POSTGRES=1}
 * makes that a failure.
 */
final class Postgres implements AutoCloseable {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  private final String adminUrl;
  private final String name;

  private Postgres(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
  }

  static Postgres freshDatabase() {
    String adminUrl = System.getenv().getOrDefault("CAUSEWAY_TEST_DATABASE_URL", DEFAULT_URL);
    String name = "cw_cp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      String message = "PostgreSQL is not reachable at " + adminUrl.replaceAll("\\?.*", "")
          + " (" + e.getMessage() + ")";
      if ("1".equals(System.getenv("CAUSEWAY_REQUIRE_POSTGRES"))) {
        throw new AssertionError(message + " and CAUSEWAY_REQUIRE_POSTGRES=1", e);
      }
      System.err.println("SKIPPED LOUDLY: " + message
          + "; set CAUSEWAY_REQUIRE_POSTGRES=1 to make this a failure");
      Assumptions.abort(message);
    }
    return new Postgres(adminUrl, name);
  }

  /** The JDBC URL of this test's database. */
  String url() {
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = adminUrl.indexOf('?');
    String rest = query < 0 ? "" : adminUrl.substring(query);
    return adminUrl.substring(0, slash + 1) + name.toLowerCase(Locale.ROOT) + rest;
  }

  /** Drops the database now, killing the connections to it (a database that went away). */
  void dropNow() throws SQLException {
    close();
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
