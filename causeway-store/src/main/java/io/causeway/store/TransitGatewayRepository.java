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
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code transit_gateways} table: the API's reads and optimistic writes, the queries behind
 * "a network with transit gateways cannot be deleted", and the reconciler's row leases. Same
 * contract as {@link NetworkRepository}.
 */
public final class TransitGatewayRepository {
  /** Fields {@link #list} filters on. */
  public static final List<String> FILTER_FIELDS = List.of("name", "state");

  private static final Map<String, String> FILTER_COLUMNS =
      Map.of("name", "name", "state", "state");

  private final Db db;
  private final Leases<TransitGatewayRow> leases;

  TransitGatewayRepository(Db db) {
    this.db = db;
    this.leases = new Leases<>(db, "transit_gateways", TransitGatewayRepository::map);
  }

  static TransitGatewayRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new TransitGatewayRow(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "network_id"),
        Sql.uuid(rs, "organization_id"),
        rs.getString("name"),
        rs.getString("attachment_json"),
        rs.getString("dns_config_json"),
        rs.getString("state"),
        Sql.optionalString(rs, "reported_status"),
        Sql.optionalString(rs, "reason"),
        rs.getLong("entity_version"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        Leases.reconcileStatus(rs));
  }

  /**
   * Inserts {@code row} and returns it as stored: entity version 1, created and updated now,
   * due for reconciliation at once, unleased (those fields of the argument are ignored).
   *
   * @throws DuplicateKeyException the network already has a transit gateway of that name
   * @throws ReferenceException the network or organisation does not exist
   */
  public TransitGatewayRow insert(TransitGatewayRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var insert =
              h.createUpdate(
                  "INSERT INTO transit_gateways (id, network_id, organization_id, name,"
                      + " attachment_json, dns_config_json, state, reported_status, reason,"
                      + " entity_version, created_at, updated_at, next_attempt_at, attempts,"
                      + " reconcile_requested) VALUES (:id, :network, :org, :name, :attachment,"
                      + " :dns, :state, :reported_status, :reason, 1, :now, :now, :now, 0,"
                      + " FALSE)");
          Sql.bindOptional(insert, "reported_status", row.reportedStatus());
          Sql.bindOptional(insert, "reason", row.reason());
          insert
              .bind("id", row.id())
              .bind("network", row.networkId())
              .bind("org", row.organizationId())
              .bind("name", row.name())
              .bind("attachment", row.attachmentJson())
              .bind("dns", row.dnsConfigJson())
              .bind("state", row.state())
              .bind("now", now)
              .execute();
          bumpDnsEpoch(h);
          return byId(h, row.id()).orElseThrow();
        });
  }

  /**
   * A counter that moves in the transaction of every change that may change a DNS forwarding
   * table: a transit gateway inserted, deleted, its state changed or its {@code dns_config}
   * (or name) updated. The cluster hub reads it often (one primary-key read) and rebuilds the
   * tables of its connected data planes when it moved.
   */
  public long dnsEpoch() {
    return db.read(
        h ->
            h.createQuery("SELECT epoch FROM dns_forwarding_epoch WHERE id = 1")
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
  }

  private static void bumpDnsEpoch(Handle h) {
    h.createUpdate("UPDATE dns_forwarding_epoch SET epoch = epoch + 1 WHERE id = 1").execute();
  }

  private static Optional<String> stateOf(Handle h, UUID id) {
    return h.createQuery("SELECT state FROM transit_gateways WHERE id = :id")
        .bind("id", id)
        .mapTo(String.class)
        .findOne();
  }

  public Optional<TransitGatewayRow> get(UUID organizationId, UUID networkId, UUID id) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM transit_gateways WHERE organization_id = :org"
                        + " AND network_id = :network AND id = :id")
                .bind("org", organizationId)
                .bind("network", networkId)
                .bind("id", id)
                .map(TransitGatewayRepository::map)
                .findOne());
  }

  /** By id alone, whatever the organisation and network: for the reconciler. */
  public Optional<TransitGatewayRow> findById(UUID id) {
    return db.read(h -> byId(h, id));
  }

  private static Optional<TransitGatewayRow> byId(Handle h, UUID id) {
    return h.createQuery("SELECT * FROM transit_gateways WHERE id = :id")
        .bind("id", id)
        .map(TransitGatewayRepository::map)
        .findOne();
  }

  public Optional<TransitGatewayRow> findByName(UUID organizationId, UUID networkId, String name) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM transit_gateways WHERE organization_id = :org"
                        + " AND network_id = :network AND name = :name")
                .bind("org", organizationId)
                .bind("network", networkId)
                .bind("name", name)
                .map(TransitGatewayRepository::map)
                .findOne());
  }

  /** A page of the network's transit gateways matching every filter (fields: name, state). */
  public Page<TransitGatewayRow> list(
      UUID organizationId, UUID networkId, List<Filter> filters, PageRequest page) {
    return Paging.page(
        db, "transit_gateways", "organization_id = :org AND network_id = :network",
        Map.of("org", organizationId, "network", networkId),
        Sql.conditions(filters, FILTER_COLUMNS), page, TransitGatewayRepository::map);
  }

  /**
   * Every transit gateway of the network, oldest first, whatever its state: for checks across
   * them (a DNS domain claimed twice). Inside {@link Store#inTransaction}, lock the network first
   * ({@link NetworkRepository#getForUpdate}) so that two such checks cannot interleave.
   */
  public List<TransitGatewayRow> listByNetwork(UUID networkId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM transit_gateways WHERE network_id = :network"
                        + " ORDER BY created_at, id")
                .bind("network", networkId)
                .map(TransitGatewayRepository::map)
                .list());
  }

  /** How many transit gateways (in any state) reference the network. */
  public long countByNetwork(UUID networkId) {
    return db.read(
        h ->
            h.createQuery("SELECT COUNT(*) FROM transit_gateways WHERE network_id = :network")
                .bind("network", networkId)
                .mapTo(Long.class)
                .one());
  }

  /** Up to {@code limit} names of the network's transit gateways, for a 409 message. */
  public List<String> namesByNetwork(UUID networkId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1 or more)");
    }
    return db.read(
        h ->
            h.createQuery(
                    "SELECT name FROM transit_gateways WHERE network_id = :network"
                        + " ORDER BY name FETCH FIRST " + limit + " ROWS ONLY")
                .bind("network", networkId)
                .mapTo(String.class)
                .list());
  }

  /**
   * Writes name, attachment, dns_config, state and state metadata if the entity version is
   * still {@code expectedEntityVersion}; bumps it and {@code updated_at} and makes the row due
   * for reconciliation at once. Returns the row as stored, or empty when gone or changed since
   * read.
   *
   * @throws DuplicateKeyException the new name is taken in the network
   */
  public Optional<TransitGatewayRow> update(TransitGatewayRow row, long expectedEntityVersion) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          var update =
              h.createUpdate(
                  "UPDATE transit_gateways SET name = :name, attachment_json = :attachment,"
                      + " dns_config_json = :dns, state = :state,"
                      + " reported_status = :reported_status, reason = :reason,"
                      + " entity_version = entity_version + 1, updated_at = :now,"
                      + " next_attempt_at = :now, attempts = 0, reconcile_requested = TRUE"
                      + " WHERE organization_id = :org AND network_id = :network AND id = :id"
                      + " AND entity_version = :expected");
          Sql.bindOptional(update, "reported_status", row.reportedStatus());
          Sql.bindOptional(update, "reason", row.reason());
          int updated =
              update
                  .bind("name", row.name())
                  .bind("attachment", row.attachmentJson())
                  .bind("dns", row.dnsConfigJson())
                  .bind("state", row.state())
                  .bind("now", now)
                  .bind("org", row.organizationId())
                  .bind("network", row.networkId())
                  .bind("id", row.id())
                  .bind("expected", expectedEntityVersion)
                  .execute();
          if (updated != 1) {
            return Optional.<TransitGatewayRow>empty();
          }
          bumpDnsEpoch(h);
          return byId(h, row.id());
        });
  }

  /** Deletes the row whatever its state; true if it existed. */
  public boolean delete(UUID organizationId, UUID networkId, UUID id) {
    return db.write(
        h -> {
          boolean deleted =
              h.createUpdate(
                          "DELETE FROM transit_gateways WHERE organization_id = :org"
                              + " AND network_id = :network AND id = :id")
                      .bind("org", organizationId)
                      .bind("network", networkId)
                      .bind("id", id)
                      .execute()
                  == 1;
          if (deleted) {
            bumpDnsEpoch(h);
          }
          return deleted;
        });
  }

  /** See {@link NetworkRepository#claimDue}. */
  public List<Lease<TransitGatewayRow>> claimDue(
      String owner, Collection<String> states, Duration leaseFor, int limit) {
    return leases.claimDue(owner, states, leaseFor, limit);
  }

  /** See {@link NetworkRepository#renew}. */
  public boolean renew(UUID id, String owner, Duration leaseFor) {
    return leases.renew(id, owner, leaseFor);
  }

  /** See {@link NetworkRepository#release}. */
  public boolean release(UUID id, String owner, Instant nextAttemptAt, int attempts) {
    return leases.release(id, owner, nextAttemptAt, attempts);
  }

  /** See {@link NetworkRepository#updateState}. */
  public boolean updateState(
      UUID id,
      String owner,
      String state,
      Optional<String> reportedStatus,
      Optional<String> reason,
      Instant nextAttemptAt,
      int attempts) {
    return updateStateBumping(
        id, owner, Optional.empty(), state, reportedStatus, reason, nextAttemptAt, attempts);
  }

  /**
   * See {@link NetworkRepository#updateState(UUID, String, long, String, Optional, Optional,
   * Instant, int)}.
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
    return updateStateBumping(
        id, owner, Optional.of(expectedEntityVersion), state, reportedStatus, reason,
        nextAttemptAt, attempts);
  }

  /**
   * The lease-held state write, plus a DNS epoch bump in the same transaction when the state
   * really changed (the reconciler rewrites the same state on every pass; those must not make
   * every hub rebuild its tables).
   */
  private boolean updateStateBumping(
      UUID id,
      String owner,
      Optional<Long> expectedEntityVersion,
      String state,
      Optional<String> reportedStatus,
      Optional<String> reason,
      Instant nextAttemptAt,
      int attempts) {
    return db.write(
        h -> {
          Optional<String> before = stateOf(h, id);
          boolean updated =
              new Leases<>(db.boundTo(h), "transit_gateways", TransitGatewayRepository::map)
                  .updateState(
                      id, owner, expectedEntityVersion, state, reportedStatus, reason,
                      nextAttemptAt, attempts);
          if (updated && !before.equals(Optional.of(state))) {
            bumpDnsEpoch(h);
          }
          return updated;
        });
  }

  /** See {@link NetworkRepository#recordProvider}. */
  public boolean recordProvider(
      UUID id, String owner, Optional<String> providerRef, Optional<String> observedJson) {
    return leases.recordProvider(id, owner, providerRef, observedJson);
  }

  /** Deletes the row (once terminated) while {@code owner} holds a live lease; false if lost. */
  public boolean deleteLeased(UUID id, String owner) {
    return db.write(
        h -> {
          boolean deleted =
              new Leases<>(db.boundTo(h), "transit_gateways", TransitGatewayRepository::map)
                  .deleteLeased(id, owner);
          if (deleted) {
            bumpDnsEpoch(h);
          }
          return deleted;
        });
  }
}
