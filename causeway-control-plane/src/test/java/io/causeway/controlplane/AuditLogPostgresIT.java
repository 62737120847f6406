package io.causeway.controlplane;

import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The audit log contract on a fresh PostgreSQL database per test (skipped loudly without one,
 * unless {@code CAUSEWAY_REQUIRE_POSTGRES=1}).
 */
class AuditLogPostgresIT extends AuditLogContract {
  private Postgres pg;

  @BeforeEach
  void database() {
    pg = Postgres.freshDatabase();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    stop();
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  Optional<String> databaseUrl() {
    return Optional.of(pg.url());
  }
}
