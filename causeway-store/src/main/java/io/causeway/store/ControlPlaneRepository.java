package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code control_planes} table. Thread-safe; may block; throws {@link StoreException}s. */
public final class ControlPlaneRepository {
  /** Fields {@link #list} filters on. */
  public static final List<String> FILTER_FIELDS = List.of("name", "cluster_type");

  private static final Map<String, String> FILTER_COLUMNS =
      Map.of("name", "name", "cluster_type", "cluster_type");

  private final Db db;

  ControlPlaneRepository(Db db) {
    this.db = db;
  }

  static ControlPlaneRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ControlPlaneRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "organization_id"),
        rs.getString("name"),
        Sql.optionalString(rs, "description"),
        rs.getString("cluster_type"),
        rs.getString("labels_json"),
        rs.getBoolean("cloud_gateway"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  /**
   * Inserts the row, created and updated now by the store clock, and returns it as stored.
   *
   * @throws DuplicateKeyException the organisation already has a control plane of that name
   * @throws ReferenceException the organisation does not exist
   */
  public ControlPlaneRow insert(ControlPlaneRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var insert =
              h.createUpdate(
                  "INSERT INTO control_planes (id, organization_id, name, description,"
                      + " cluster_type, labels_json, cloud_gateway, created_at, updated_at)"
                      + " VALUES (:id, :org, :name, :description, :cluster_type, :labels,"
                      + " :cloud_gateway, :now, :now)");
          bindContent(insert, row).bind("id", row.id()).bind("org", row.organizationId())
              .bind("now", now)
              .execute();
          return byId(h, row.organizationId(), row.id()).orElseThrow();
        });
  }

  private static <S extends SqlStatement<S>> S bindContent(
      S statement, ControlPlaneRow row) {
    Sql.bindOptional(statement, "description", row.description());
    return statement
        .bind("name", row.name())
        .bind("cluster_type", row.clusterType())
        .bind("labels", row.labelsJson())
        .bind("cloud_gateway", row.cloudGateway());
  }

  public Optional<ControlPlaneRow> get(UUID organizationId, UUID id) {
    return db.read(h -> byId(h, organizationId, id));
  }

  private static Optional<ControlPlaneRow> byId(Handle h, UUID organizationId, UUID id) {
    return h.createQuery("SELECT * FROM control_planes WHERE organization_id = :org AND id = :id")
        .bind("org", organizationId)
        .bind("id", id)
        .map(ControlPlaneRepository::map)
        .findOne();
  }

  public Optional<ControlPlaneRow> findByName(UUID organizationId, String name) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM control_planes WHERE organization_id = :org AND name = :name")
                .bind("org", organizationId)
                .bind("name", name)
                .map(ControlPlaneRepository::map)
                .findOne());
  }

  /** A page of the organisation's control planes (filter fields: name, cluster_type). */
  public Page<ControlPlaneRow> list(UUID organizationId, List<Filter> filters, PageRequest page) {
    return Paging.page(
        db, "control_planes", "organization_id = :org", Map.of("org", organizationId),
        Sql.conditions(filters, FILTER_COLUMNS), page, ControlPlaneRepository::map);
  }

  /**
   * Writes name, description, cluster type, labels and the cloud gateway flag, bumping {@code
   * updated_at}; empty if the row is gone.
   *
   * @throws DuplicateKeyException the new name is taken
   */
  public Optional<ControlPlaneRow> update(ControlPlaneRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var update =
              h.createUpdate(
                  "UPDATE control_planes SET name = :name, description = :description,"
                      + " cluster_type = :cluster_type, labels_json = :labels,"
                      + " cloud_gateway = :cloud_gateway, updated_at = :now"
                      + " WHERE organization_id = :org AND id = :id");
          int updated =
              bindContent(update, row)
                  .bind("now", now)
                  .bind("org", row.organizationId())
                  .bind("id", row.id())
                  .execute();
          return updated == 1
              ? byId(h, row.organizationId(), row.id())
              : Optional.<ControlPlaneRow>empty();
        });
  }

  /** Deletes the row; true if it existed. */
  public boolean delete(UUID organizationId, UUID id) {
    return db.write(
        h ->
            h.createUpdate("DELETE FROM control_planes WHERE organization_id = :org AND id = :id")
                    .bind("org", organizationId)
                    .bind("id", id)
                    .execute()
                == 1);
  }
}
