package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code organizations} table. Thread-safe; may block; throws {@link StoreException}s. */
public final class OrganizationRepository {
  private final Db db;

  OrganizationRepository(Db db) {
    this.db = db;
  }

  static OrganizationRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new OrganizationRow(
        Sql.uuid(rs, "id"), rs.getString("name"), Sql.instant(rs, "created_at"));
  }

  /**
   * Inserts the row, created now by the store clock, and returns it as stored.
   *
   * @throws DuplicateKeyException the name or id is taken
   */
  public OrganizationRow insert(OrganizationRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          h.createUpdate(
                  "INSERT INTO organizations (id, name, created_at) VALUES (:id, :name, :now)")
              .bind("id", row.id())
              .bind("name", row.name())
              .bind("now", now)
              .execute();
          return new OrganizationRow(row.id(), row.name(), now);
        });
  }

  public Optional<OrganizationRow> get(UUID id) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM organizations WHERE id = :id")
                .bind("id", id)
                .map(OrganizationRepository::map)
                .findOne());
  }

  public Optional<OrganizationRow> findByName(String name) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM organizations WHERE name = :name")
                .bind("name", name)
                .map(OrganizationRepository::map)
                .findOne());
  }

  /** All organisations, oldest first. */
  public Page<OrganizationRow> list(PageRequest page) {
    return Paging.page(
        db, "organizations", "1 = 1", Map.of(), Sql.conditions(List.of(), Map.of()), page,
        OrganizationRepository::map);
  }

  public long count() {
    return db.read(
        h -> h.createQuery("SELECT COUNT(*) FROM organizations").mapTo(Long.class).one());
  }
}
