package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code core_entities} table and the per-control-plane configuration version. Writers call
 * {@link #bumpConfigVersion} in the same {@link Tx} as their entity writes, so a version names
 * exactly one committed configuration. Thread-safe; may block; throws {@link StoreException}s.
 */
public final class CoreEntityRepository {
  private final Db db;

  CoreEntityRepository(Db db) {
    this.db = db;
  }

  static CoreEntityRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new CoreEntityRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "control_plane_id"),
        CoreEntityKind.fromWire(rs.getString("kind")),
        Sql.optionalString(rs, "unique_key"),
        Optional.ofNullable(Sql.uuid(rs, "parent_id")),
        rs.getString("document"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  /**
   * Inserts the row, created and updated now, and returns it as stored.
   *
   * @throws DuplicateKeyException the id, or the unique key within the control plane and kind,
   *     is taken ({@code core_entities_pkey}, {@code core_entities_unique_key})
   * @throws ReferenceException the control plane or the parent does not exist
   */
  public CoreEntityRow insert(CoreEntityRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var insert =
              h.createUpdate(
                  "INSERT INTO core_entities (id, control_plane_id, kind, unique_key, parent_id,"
                      + " document, created_at, updated_at) VALUES (:id, :cp, :kind, :key,"
                      + " CAST(:parent AS UUID), :document, :now, :now)");
          Sql.bindOptional(insert, "key", row.uniqueKey());
          insert
              .bindByType("parent", row.parentId().orElse(null), UUID.class)
              .bind("id", row.id())
              .bind("cp", row.controlPlaneId())
              .bind("kind", row.kind().wire())
              .bind("document", row.document())
              .bind("now", now)
              .execute();
          return byId(h, row.controlPlaneId(), row.kind(), row.id()).orElseThrow();
        });
  }

  /**
   * Inserts many rows in one batch (a declarative apply of thousands of entities), all created
   * now; nothing is read back. Parents must come before their children in {@code rows}.
   *
   * @throws DuplicateKeyException an id or unique key is taken
   * @throws ReferenceException a control plane or parent does not exist
   */
  public void insertAll(List<CoreEntityRow> rows) {
    requireNonNull(rows, "rows");
    if (rows.isEmpty()) {
      return;
    }
    Instant now = db.now();
    db.write(
        h -> {
          var batch =
              h.prepareBatch(
                  "INSERT INTO core_entities (id, control_plane_id, kind, unique_key, parent_id,"
                      + " document, created_at, updated_at) VALUES (:id, :cp, :kind, :key,"
                      + " CAST(:parent AS UUID), :document, :now, :now)");
          for (CoreEntityRow row : rows) {
            batch
                .bind("id", row.id())
                .bind("cp", row.controlPlaneId())
                .bind("kind", row.kind().wire())
                .bindByType("key", row.uniqueKey().orElse(null), String.class)
                .bindByType("parent", row.parentId().orElse(null), UUID.class)
                .bind("document", row.document())
                .bind("now", now)
                .add();
          }
          return batch.execute();
        });
  }

  /**
   * Replaces unique key, parent and document, keeping {@code createdAt}; empty if the row is
   * gone.
   *
   * @throws DuplicateKeyException the new unique key is taken
   * @throws ReferenceException the new parent does not exist
   */
  public Optional<CoreEntityRow> update(CoreEntityRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var update =
              h.createUpdate(
                  "UPDATE core_entities SET unique_key = :key, parent_id = CAST(:parent AS UUID),"
                      + " document = :document, updated_at = :now"
                      + " WHERE control_plane_id = :cp AND kind = :kind AND id = :id");
          Sql.bindOptional(update, "key", row.uniqueKey());
          int updated =
              update
                  .bindByType("parent", row.parentId().orElse(null), UUID.class)
                  .bind("document", row.document())
                  .bind("now", now)
                  .bind("cp", row.controlPlaneId())
                  .bind("kind", row.kind().wire())
                  .bind("id", row.id())
                  .execute();
          return updated == 1
              ? byId(h, row.controlPlaneId(), row.kind(), row.id())
              : Optional.<CoreEntityRow>empty();
        });
  }

  public Optional<CoreEntityRow> get(UUID controlPlaneId, CoreEntityKind kind, UUID id) {
    return db.read(h -> byId(h, controlPlaneId, kind, id));
  }

  private static Optional<CoreEntityRow> byId(
      Handle h, UUID controlPlaneId, CoreEntityKind kind, UUID id) {
    return h.createQuery(
            "SELECT * FROM core_entities WHERE control_plane_id = :cp AND kind = :kind"
                + " AND id = :id")
        .bind("cp", controlPlaneId)
        .bind("kind", kind.wire())
        .bind("id", id)
        .map(CoreEntityRepository::map)
        .findOne();
  }

  /** The entity of that kind whose unique key (name) is {@code key}. */
  public Optional<CoreEntityRow> findByKey(UUID controlPlaneId, CoreEntityKind kind, String key) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM core_entities WHERE control_plane_id = :cp AND kind = :kind"
                        + " AND unique_key = :key")
                .bind("cp", controlPlaneId)
                .bind("kind", kind.wire())
                .bind("key", key)
                .map(CoreEntityRepository::map)
                .findOne());
  }

  /**
   * Every entity of a kind (of one parent, when given), oldest first (then by id). Lists are
   * whole: a control plane's configuration is read whole to build snapshots anyway.
   */
  public List<CoreEntityRow> list(
      UUID controlPlaneId, CoreEntityKind kind, Optional<UUID> parentId) {
    String parent = parentId.isPresent() ? " AND parent_id = :parent" : "";
    return db.read(
        h -> {
          var query =
              h.createQuery(
                  "SELECT * FROM core_entities WHERE control_plane_id = :cp AND kind = :kind"
                      + parent + " ORDER BY created_at, id");
          parentId.ifPresent(p -> query.bind("parent", p));
          return query
              .bind("cp", controlPlaneId)
              .bind("kind", kind.wire())
              .map(CoreEntityRepository::map)
              .list();
        });
  }

  /**
   * Deletes the row; true if it existed.
   *
   * @throws ReferenceException it still has children (routes of a service, targets of an
   *     upstream: {@code core_entities_parent_fkey})
   */
  public boolean delete(UUID controlPlaneId, CoreEntityKind kind, UUID id) {
    return db.write(
        h ->
            h.createUpdate(
                        "DELETE FROM core_entities WHERE control_plane_id = :cp AND kind = :kind"
                            + " AND id = :id")
                    .bind("cp", controlPlaneId)
                    .bind("kind", kind.wire())
                    .bind("id", id)
                    .execute()
                == 1);
  }

  /** The current configuration version of the control plane; 0 before its first write. */
  public long configVersion(UUID controlPlaneId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT version FROM core_config_versions WHERE control_plane_id = :cp")
                .bind("cp", controlPlaneId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
  }

  /**
   * Increments and returns the configuration version. Inside a {@link Tx} it row-locks the
   * counter until commit, so writers of one control plane take turns.
   *
   * @throws ReferenceException the control plane does not exist
   */
  public long bumpConfigVersion(UUID controlPlaneId) {
    Instant now = db.now();
    return db.write(
        h -> {
          int updated =
              h.createUpdate(
                      "UPDATE core_config_versions SET version = version + 1, updated_at = :now"
                          + " WHERE control_plane_id = :cp")
                  .bind("cp", controlPlaneId)
                  .bind("now", now)
                  .execute();
          if (updated == 0) {
            h.createUpdate(
                    "INSERT INTO core_config_versions (control_plane_id, version, updated_at)"
                        + " VALUES (:cp, 1, :now)")
                .bind("cp", controlPlaneId)
                .bind("now", now)
                .execute();
          }
          return h.createQuery(
                  "SELECT version FROM core_config_versions WHERE control_plane_id = :cp")
              .bind("cp", controlPlaneId)
              .mapTo(Long.class)
              .one();
        });
  }
}
