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

/** The {@code cluster_nodes} table. Thread-safe; may block; throws {@link StoreException}s. */
public final class NodeRepository {
  private final Db db;

  NodeRepository(Db db) {
    this.db = db;
  }

  static NodeRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new NodeRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "control_plane_id"),
        rs.getString("hostname"),
        rs.getString("version"),
        rs.getString("cert_fingerprint"),
        Sql.optionalString(rs, "config_hash"),
        Sql.optionalInstant(rs, "last_ping"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        Optional.ofNullable(Sql.uuid(rs, "network_id")));
  }

  /**
   * Inserts the node, created now.
   *
   * @throws DuplicateKeyException the id is taken
   * @throws ReferenceException the control plane does not exist
   */
  public NodeRow insert(NodeRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          h.createUpdate(
                  "INSERT INTO cluster_nodes (id, control_plane_id, hostname, version,"
                      + " cert_fingerprint, created_at, updated_at, network_id)"
                      + " VALUES (:id, :cp, :hostname, :version, :fp, :now, :now,"
                      + " CAST(:network AS UUID))")
              .bind("id", row.id())
              .bindByType("network", row.networkId().orElse(null), UUID.class)
              .bind("cp", row.controlPlaneId())
              .bind("hostname", row.hostname())
              .bind("version", row.version())
              .bind("fp", row.certFingerprint())
              .bind("now", now)
              .execute();
          return byId(h, row.id()).orElseThrow();
        });
  }

  /** The node with this id, whatever its control plane (the cluster listener knows only ids). */
  public Optional<NodeRow> get(UUID id) {
    return db.read(h -> byId(h, id));
  }

  private static Optional<NodeRow> byId(Handle h, UUID id) {
    return h.createQuery("SELECT * FROM cluster_nodes WHERE id = :id")
        .bind("id", id)
        .map(NodeRepository::map)
        .findOne();
  }

  /**
   * Records a ping: what the node says it is and serves, at the store clock's now. Empty if the
   * node is gone (deleted: it must join again).
   */
  public Optional<NodeRow> recordPing(
      UUID id, String hostname, String version, Optional<String> configHash) {
    Instant now = db.now();
    return db.write(
        h -> {
          var update =
              h.createUpdate(
                  "UPDATE cluster_nodes SET hostname = :hostname, version = :version,"
                      + " config_hash = :hash, last_ping = :now, updated_at = :now"
                      + " WHERE id = :id");
          Sql.bindOptional(update, "hash", configHash);
          int updated =
              update
                  .bind("hostname", hostname)
                  .bind("version", version)
                  .bind("now", now)
                  .bind("id", id)
                  .execute();
          return updated == 1 ? byId(h, id) : Optional.<NodeRow>empty();
        });
  }

  /**
   * Up to {@code limit} nodes of the control plane with ids after {@code after} (a cursor), in
   * id order.
   */
  public List<NodeRow> list(UUID controlPlaneId, Optional<UUID> after, int limit) {
    // One row more than the largest page: callers fetch size + 1 to know whether a next page exists.
    if (limit < 1 || limit > PageRequest.MAX_SIZE + 1) {
      throw new IllegalArgumentException(
          "limit: " + limit + " (expected: 1-" + (PageRequest.MAX_SIZE + 1) + ")");
    }
    String cursor = after.isPresent() ? " AND id > :after" : "";
    return db.read(
        h -> {
          var query =
              h.createQuery(
                  "SELECT * FROM cluster_nodes WHERE control_plane_id = :cp" + cursor
                      + " ORDER BY id FETCH FIRST " + limit + " ROWS ONLY");
          after.ifPresent(a -> query.bind("after", a));
          return query.bind("cp", controlPlaneId).map(NodeRepository::map).list();
        });
  }

  /** How many nodes the control plane has. */
  public long count(UUID controlPlaneId) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM cluster_nodes WHERE control_plane_id = :cp")
                .bind("cp", controlPlaneId)
                .mapTo(Long.class)
                .one());
  }

  /** Deletes the node; true if it existed. */
  public boolean delete(UUID controlPlaneId, UUID id) {
    return db.write(
        h ->
            h.createUpdate("DELETE FROM cluster_nodes WHERE control_plane_id = :cp AND id = :id")
                    .bind("cp", controlPlaneId)
                    .bind("id", id)
                    .execute()
                == 1);
  }
}
