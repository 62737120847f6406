package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code api_tokens} table. Tokens are looked up by their SHA-256 only; the store never sees
 * a token. Thread-safe; may block; throws {@link StoreException}s.
 */
public final class TokenRepository {
  private final Db db;

  TokenRepository(Db db) {
    this.db = db;
  }

  static TokenRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new TokenRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "organization_id"),
        rs.getString("name"),
        rs.getString("token_hash"),
        rs.getString("role"),
        Sql.instant(rs, "created_at"),
        Sql.optionalInstant(rs, "last_used_at"),
        rs.getBoolean("revoked"));
  }

  /**
   * Inserts the row, created now by the store clock, and returns it as stored.
   *
   * @throws DuplicateKeyException the hash (or id) is taken
   * @throws ReferenceException the organisation does not exist
   */
  public TokenRow insert(TokenRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var insert =
              h.createUpdate(
                  "INSERT INTO api_tokens (id, organization_id, name, token_hash, role,"
                      + " created_at, last_used_at, revoked) VALUES (:id, :org, :name, :hash,"
                      + " :role, :now, :last_used_at, :revoked)");
          Sql.bindOptionalInstant(
              insert, "last_used_at", row.lastUsedAt().map(t -> t.truncatedTo(ChronoUnit.MILLIS)));
          insert
              .bind("id", row.id())
              .bind("org", row.organizationId())
              .bind("name", row.name())
              .bind("hash", row.tokenHash())
              .bind("role", row.role())
              .bind("now", now)
              .bind("revoked", row.revoked())
              .execute();
          return get(h, row.organizationId(), row.id()).orElseThrow();
        });
  }

  public Optional<TokenRow> get(UUID organizationId, UUID id) {
    return db.read(h -> get(h, organizationId, id));
  }

  private static Optional<TokenRow> get(Handle h, UUID organizationId, UUID id) {
    return h.createQuery("SELECT * FROM api_tokens WHERE organization_id = :org AND id = :id")
        .bind("org", organizationId)
        .bind("id", id)
        .map(TokenRepository::map)
        .findOne();
  }

  /**
   * The token with this SHA-256 (64 lower-case hex digits), revoked or not: the caller refuses
   * revoked ones.
   */
  public Optional<TokenRow> findByHash(String tokenHash) {
    requireNonNull(tokenHash, "tokenHash");
    return db.read(
        h ->
            h.createQuery("SELECT * FROM api_tokens WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map(TokenRepository::map)
                .findOne());
  }

  /** Records a use at {@code at} (the store keeps the latest); false if the token is gone. */
  public boolean touch(UUID id, Instant at) {
    Instant millis = at.truncatedTo(ChronoUnit.MILLIS);
    return db.write(
        h ->
            h.createUpdate(
                    "UPDATE api_tokens SET last_used_at = :at WHERE id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at < :at)")
                    .bind("at", millis)
                    .bind("id", id)
                    .execute()
                == 1
            || h.createQuery("SELECT COUNT(*) FROM api_tokens WHERE id = :id")
                    .bind("id", id)
                    .mapTo(Long.class)
                    .one()
                == 1);
  }

  /** The organisation's tokens, revoked ones included, oldest first. */
  public Page<TokenRow> list(UUID organizationId, PageRequest page) {
    return Paging.page(
        db, "api_tokens", "organization_id = :org", Map.of("org", organizationId),
        Sql.conditions(List.of(), Map.of()), page, TokenRepository::map);
  }

  /** Revokes the token; true if it existed in the organisation (revoked before or not). */
  public boolean revoke(UUID organizationId, UUID id) {
    return db.write(
        h ->
            h.createUpdate(
                    "UPDATE api_tokens SET revoked = TRUE WHERE organization_id = :org"
                        + " AND id = :id")
                    .bind("org", organizationId)
                    .bind("id", id)
                    .execute()
                == 1);
  }
}
