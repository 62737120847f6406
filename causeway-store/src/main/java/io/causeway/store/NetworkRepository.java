package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code networks} table: the API's reads and optimistic writes, and the reconciler's row
 * leases. Thread-safe; every method may block on the database and throws {@link StoreException}
 * subclasses only (plus {@link IllegalArgumentException} for arguments the API should have
 * refused first, such as an unknown filter field).
 */
public final class NetworkRepository {
  /** Fields {@link #list} filters on. */
  public static final List<String> FILTER_FIELDS = List.of("name", "state");

  private static final Map<String, String> FILTER_COLUMNS =
      Map.of("name", "name", "state", "state");

  private final Db db;
  private final Leases<NetworkRow> leases;

  NetworkRepository(Db db) {
    this.db = db;
    this.leases = new Leases<>(db, "networks", NetworkRepository::map);
  }

  static NetworkRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new NetworkRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "organization_id"),
        rs.getString("name"),
        rs.getString("provider_account_id"),
        rs.getString("region"),
        rs.getString("availability_zones_json"),
        rs.getString("cidr_block"),
        rs.getBoolean("default_network"),
        rs.getString("state"),
        Sql.optionalString(rs, "reported_status"),
        Sql.optionalString(rs, "reason"),
        rs.getLong("entity_version"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        Leases.reconcileStatus(rs));
  }

  /**
   * Inserts {@code row} and returns it as stored: entity version 1, created and updated now by
   * the store clock, due for reconciliation at once, unleased (those fields of the argument are
   * ignored).
   *
   * @throws DuplicateKeyException the organisation already has a network of that name
   * @throws ReferenceException the organisation does not exist
   */
  public NetworkRow insert(NetworkRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var insert =
              h.createUpdate(
                  "INSERT INTO networks (id, organization_id, name, provider_account_id, region,"
                      + " availability_zones_json, cidr_block, default_network, state,"
                      + " reported_status, reason, entity_version, created_at, updated_at,"
                      + " next_attempt_at, attempts, reconcile_requested) VALUES (:id, :org,"
                      + " :name, :provider_account_id, :region, :zones, :cidr, :default_network,"
                      + " :state, :reported_status, :reason, 1, :now, :now, :now, 0, FALSE)");
          Sql.bindOptional(insert, "reported_status", row.reportedStatus());
          Sql.bindOptional(insert, "reason", row.reason());
          bindContent(insert, row).bind("id", row.id()).bind("org", row.organizationId())
              .bind("now", now)
              .execute();
          return byId(h, row.id()).orElseThrow();
        });
  }

  private static <S extends SqlStatement<S>> S bindContent(
      S statement, NetworkRow row) {
    return statement
        .bind("name", row.name())
        .bind("provider_account_id", row.providerAccountId())
        .bind("region", row.region())
        .bind("zones", row.availabilityZonesJson())
        .bind("cidr", row.cidrBlock())
        .bind("default_network", row.defaultNetwork())
        .bind("state", row.state());
  }

  public Optional<NetworkRow> get(UUID organizationId, UUID id) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM networks WHERE organization_id = :org AND id = :id")
                .bind("org", organizationId)
                .bind("id", id)
                .map(NetworkRepository::map)
                .findOne());
  }

  /**
   * Reads the row and locks it until the enclosing transaction ends ({@code SELECT ... FOR
   * UPDATE}): use inside {@link Store#inTransaction} to serialise decisions about one network,
   * such as "no transit gateway claims this domain yet" or "nothing references it any more".
   * Outside a transaction the lock ends with the call.
   */
  public Optional<NetworkRow> getForUpdate(UUID organizationId, UUID id) {
    return db.write(
        h ->
            h.createQuery(
                    "SELECT * FROM networks WHERE organization_id = :org AND id = :id FOR UPDATE")
                .bind("org", organizationId)
                .bind("id", id)
                .map(NetworkRepository::map)
                .findOne());
  }

  /** By id alone, whatever the organisation: for the reconciler, never for the API. */
  public Optional<NetworkRow> findById(UUID id) {
    return db.read(h -> byId(h, id));
  }

  private static Optional<NetworkRow> byId(Handle h, UUID id) {
    return h.createQuery("SELECT * FROM networks WHERE id = :id")
        .bind("id", id)
        .map(NetworkRepository::map)
        .findOne();
  }

  public Optional<NetworkRow> findByName(UUID organizationId, String name) {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM networks WHERE organization_id = :org AND name = :name")
                .bind("org", organizationId)
                .bind("name", name)
                .map(NetworkRepository::map)
                .findOne());
  }

  /** A page of the organisation's networks matching every filter (fields: name, state). */
  public Page<NetworkRow> list(UUID organizationId, List<Filter> filters, PageRequest page) {
    return Paging.page(
        db, "networks", "organization_id = :org", Map.of("org", organizationId),
        Sql.conditions(filters, FILTER_COLUMNS), page, NetworkRepository::map);
  }

  /**
   * Writes the row's name, provider account, region, zones, CIDR, default flag, state and state
   * metadata if its entity version is still {@code expectedEntityVersion}; bumps the version and
   * {@code updated_at}, and makes the row due for reconciliation at once (a lease holder's
   * release then keeps it due). Returns the row as stored, or empty when the row is gone or
   * changed since it was read (the caller reads again and retries, or answers 409).
   *
   * @throws DuplicateKeyException the new name is taken
   */
  public Optional<NetworkRow> update(NetworkRow row, long expectedEntityVersion) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var update =
              h.createUpdate(
                  "UPDATE networks SET name = :name, provider_account_id = :provider_account_id,"
                      + " region = :region, availability_zones_json = :zones,"
                      + " cidr_block = :cidr, default_network = :default_network,"
                      + " state = :state, reported_status = :reported_status, reason = :reason,"
                      + " entity_version = entity_version + 1, updated_at = :now,"
                      + " next_attempt_at = :now, attempts = 0, reconcile_requested = TRUE"
                      + " WHERE organization_id = :org AND id = :id"
                      + " AND entity_version = :expected");
          Sql.bindOptional(update, "reported_status", row.reportedStatus());
          Sql.bindOptional(update, "reason", row.reason());
          int updated =
              bindContent(update, row)
                  .bind("now", now)
                  .bind("org", row.organizationId())
                  .bind("id", row.id())
                  .bind("expected", expectedEntityVersion)
                  .execute();
          return updated == 1 ? byId(h, row.id()) : Optional.<NetworkRow>empty();
        });
  }

  /**
   * Deletes the row whatever its state; true if it existed.
   *
   * @throws ReferenceException transit gateways still reference it
   */
  public boolean delete(UUID organizationId, UUID id) {
    return db.write(
        h ->
            h.createUpdate("DELETE FROM networks WHERE organization_id = :org AND id = :id")
                    .bind("org", organizationId)
                    .bind("id", id)
                    .execute()
                == 1);
  }

  /**
   * Claims up to {@code limit} rows in one of {@code states} that are due ({@code
   * next_attempt_at <= now}) and not leased by a live lease, for {@code leaseFor} from now (store
   * clock). Rows another owner holds are never returned; an expired lease is taken over. The
   * same owner name must not be used by two replicas.
   */
  public List<Lease<NetworkRow>> claimDue(
      String owner, Collection<String> states, Duration leaseFor, int limit) {
    return leases.claimDue(owner, states, leaseFor, limit);
  }

  /** Extends a live lease {@code owner} holds to {@code leaseFor} from now; false if lost. */
  public boolean renew(UUID id, String owner, Duration leaseFor) {
    return leases.renew(id, owner, leaseFor);
  }

  /**
   * Ends {@code owner}'s lease (expired or not, unless another owner took the row over) and
   * schedules the next attempt; a user change made during the lease makes the row due at once
   * instead. False if {@code owner} no longer holds the row.
   */
  public boolean release(UUID id, String owner, Instant nextAttemptAt, int attempts) {
    return leases.release(id, owner, nextAttemptAt, attempts);
  }

  /**
   * Records the reconciler's outcome while {@code owner} holds a live lease; bumps {@code
   * entity_version} and {@code updated_at} only if state or metadata changed. Keeps the lease.
   * False (and nothing written) if the lease was lost.
   */
  public boolean updateState(
      UUID id,
      String owner,
      String state,
      Optional<String> reportedStatus,
      Optional<String> reason,
      Instant nextAttemptAt,
      int attempts) {
    return leases.updateState(
        id, owner, Optional.empty(), state, reportedStatus, reason, nextAttemptAt, attempts);
  }

  /**
   * Like {@link #updateState(UUID, String, String, Optional, Optional, Instant, int)}, and only
   * if the row's entity version is still {@code expectedEntityVersion} (the one claimed): a user
   * write during the reconciler's step (PATCH, DELETE) wins, atomically. False if the lease was
   * lost or the row changed; the row stays due at once after {@link #release} in that case.
   */
  public boolean updateState(
      UUID id,
      String owner,
      long expectedEntityVersion,
      String state,
      Optional<String> reportedStatus,
      Optional<String> reason,
      Instant nextAttemptAt,
      int attempts) {
    return leases.updateState(
        id, owner, Optional.of(expectedEntityVersion), state, reportedStatus, reason,
        nextAttemptAt, attempts);
  }

  /**
   * Remembers what was asked of the provider and what it last reported, while {@code owner}
   * holds a live lease; false if the lease was lost. Does not change the entity version.
   */
  public boolean recordProvider(
      UUID id, String owner, Optional<String> providerRef, Optional<String> observedJson) {
    return leases.recordProvider(id, owner, providerRef, observedJson);
  }

  /**
   * Deletes the row (once terminated) while {@code owner} holds a live lease; false if lost.
   *
   * @throws ReferenceException transit gateways still reference it
   */
  public boolean deleteLeased(UUID id, String owner) {
    return leases.deleteLeased(id, owner);
  }
}
