package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code join_tokens} table. A token is redeemed at most once, even by racing callers: the
 * redeeming UPDATE matches only an unused, unexpired row. Thread-safe; may block.
 */
public final class JoinTokenRepository {
  private final Db db;

  JoinTokenRepository(Db db) {
    this.db = db;
  }

  static JoinTokenRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new JoinTokenRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "control_plane_id"),
        rs.getString("token_hash"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "expires_at"),
        Sql.optionalInstant(rs, "used_at"),
        Optional.ofNullable(Sql.uuid(rs, "node_id")),
        Optional.ofNullable(Sql.uuid(rs, "network_id")));
  }

  /**
   * Inserts the token, created now.
   *
   * @throws DuplicateKeyException the hash is taken
   * @throws ReferenceException the control plane does not exist
   */
  public JoinTokenRow insert(JoinTokenRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          h.createUpdate(
                  "INSERT INTO join_tokens (id, control_plane_id, token_hash, created_at,"
                      + " expires_at, network_id) VALUES (:id, :cp, :hash, :now, :expires,"
                      + " CAST(:network AS UUID))")
              .bind("id", row.id())
              .bindByType("network", row.networkId().orElse(null), UUID.class)
              .bind("cp", row.controlPlaneId())
              .bind("hash", row.tokenHash())
              .bind("now", now)
              .bind("expires", row.expiresAt().truncatedTo(ChronoUnit.MILLIS))
              .execute();
          return h.createQuery("SELECT * FROM join_tokens WHERE id = :id")
              .bind("id", row.id())
              .map(JoinTokenRepository::map)
              .one();
        });
  }

  /**
   * Marks the token with this hash used by {@code nodeId} and returns it, if it exists, is unused
   * and has not expired by the store clock; empty otherwise (nothing tells the cases apart).
   */
  public Optional<JoinTokenRow> redeem(String tokenHash, UUID nodeId) {
    requireNonNull(tokenHash, "tokenHash");
    requireNonNull(nodeId, "nodeId");
    Instant now = db.now();
    return db.write(
        h -> {
          int updated =
              h.createUpdate(
                      "UPDATE join_tokens SET used_at = :now, node_id = :node"
                          + " WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
                  .bind("now", now)
                  .bind("node", nodeId)
                  .bind("hash", tokenHash)
                  .execute();
          if (updated != 1) {
            return Optional.<JoinTokenRow>empty();
          }
          return h.createQuery("SELECT * FROM join_tokens WHERE token_hash = :hash")
              .bind("hash", tokenHash)
              .map(JoinTokenRepository::map)
              .findOne();
        });
  }
}
