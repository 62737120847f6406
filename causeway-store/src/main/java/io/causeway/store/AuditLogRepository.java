package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code audit_log} table: appended to, listed newest first per organisation, and pruned by
 * age. Thread-safe; may block; throws {@link StoreException}s.
 */
public final class AuditLogRepository {
  private final Db db;

  AuditLogRepository(Db db) {
    this.db = db;
  }

  static AuditRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AuditRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "organization_id"),
        Sql.instant(rs, "created_at"),
        rs.getString("request_id"),
        Sql.uuid(rs, "actor_token_id"),
        rs.getString("actor_token_name"),
        rs.getString("method"),
        rs.getString("path"),
        rs.getString("route"),
        Sql.optionalString(rs, "entity_kind"),
        Sql.optionalString(rs, "entity_id"),
        rs.getInt("status"),
        Sql.optionalString(rs, "before_json"),
        Sql.optionalString(rs, "after_json"));
  }

  /**
   * Appends the row, stamped now by the store clock ({@code createdAt} of the argument is
   * ignored), and returns it as stored.
   *
   * @throws ReferenceException the organisation does not exist
   */
  public AuditRow append(AuditRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var insert =
              h.createUpdate(
                  "INSERT INTO audit_log (id, organization_id, created_at, request_id,"
                      + " actor_token_id, actor_token_name, method, path, route, entity_kind,"
                      + " entity_id, status, before_json, after_json) VALUES (:id, :org, :now,"
                      + " :request, :actor, :actor_name, :method, :path, :route, :kind,"
                      + " :entity, :status, :before, :after)");
          Sql.bindOptional(insert, "kind", row.entityKind());
          Sql.bindOptional(insert, "entity", row.entityId());
          Sql.bindOptional(insert, "before", row.beforeJson());
          Sql.bindOptional(insert, "after", row.afterJson());
          insert
              .bind("id", row.id())
              .bind("org", row.organizationId())
              .bind("now", now)
              .bind("request", row.requestId())
              .bind("actor", row.actorTokenId())
              .bind("actor_name", row.actorTokenName())
              .bind("method", row.method())
              .bind("path", row.path())
              .bind("route", row.route())
              .bind("status", row.status())
              .execute();
          return new AuditRow(row.id(), row.organizationId(), now, row.requestId(),
              row.actorTokenId(), row.actorTokenName(), row.method(), row.path(), row.route(),
              row.entityKind(), row.entityId(), row.status(), row.beforeJson(), row.afterJson());
        });
  }

  /** The organisation's rows matching {@code query}, newest first, with the total. */
  public Page<AuditRow> list(
      UUID organizationId, AuditQuery query, PageRequest page) {
    requireNonNull(organizationId, "organizationId");
    requireNonNull(query, "query");
    requireNonNull(page, "page");
    StringBuilder where = new StringBuilder();
    Map<String, Object> params = new HashMap<>();
    query.entityKind().ifPresent(k -> {
      where.append(" AND entity_kind = :kind");
      params.put("kind", k);
    });
    query.entityId().ifPresent(e -> {
      where.append(" AND entity_id = :entity");
      params.put("entity", e);
    });
    query.actor().ifPresent(a -> {
      // Compared as text: the actor may be a token name that is no UUID.
      where.append(" AND (CAST(actor_token_id AS VARCHAR(36)) = :actor"
          + " OR actor_token_name = :actor)");
      params.put("actor", a);
    });
    query.since().ifPresent(s -> {
      where.append(" AND created_at >= :since");
      params.put("since", s.truncatedTo(ChronoUnit.MILLIS));
    });
    query.until().ifPresent(u -> {
      where.append(" AND created_at < :until");
      params.put("until", u.truncatedTo(ChronoUnit.MILLIS));
    });
    // Newest first; seq orders rows stamped in the same millisecond.
    return Paging.page(db, "audit_log", "organization_id = :org", Map.of("org", organizationId),
        new Sql.Conditions(where.toString(), params), "created_at DESC, seq DESC", page,
        AuditLogRepository::map);
  }

  /** Deletes rows created before {@code cutoff} (every organisation's); returns how many. */
  public int deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff");
    return db.write(
        h ->
            h.createUpdate("DELETE FROM audit_log WHERE created_at < :cutoff")
                .bind("cutoff", cutoff.truncatedTo(ChronoUnit.MILLIS))
                .execute());
  }

  /** The row with this id in the organisation. */
  public Optional<AuditRow> get(UUID organizationId, UUID id) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM audit_log WHERE organization_id = :org AND id = :id")
                .bind("org", organizationId)
                .bind("id", id)
                .map(AuditLogRepository::map)
                .findOne());
  }
}
