package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Row leases over a table with the reconcile columns ({@code networks}, {@code
 * transit_gateways}).
 *
 * <p>Correctness rests on one statement: the claim is an UPDATE whose WHERE clause requires the
 * lease to be free ({@code lease_until IS NULL OR lease_until < now}), so of two replicas racing
 * for a row, the database lets exactly one UPDATE match (the second re-evaluates the condition
 * on the row the first committed, in PostgreSQL's READ COMMITTED and in H2's MVStore alike). On
 * PostgreSQL the candidate SELECT adds {@code FOR UPDATE SKIP LOCKED} so that replicas pass over
 * rows another one is claiming instead of queueing behind its lock.
 *
 * <p>Every write of a lease holder requires {@code lease_owner = owner} and, except release, a
 * lease that has not expired by the store clock: a replica that lost its lease (paused too long)
 * cannot overwrite what the new holder wrote.
 */
final class Leases<T> {
  private static final String FREE = "(lease_until IS NULL OR lease_until < :now)";
  private static final String HELD = "lease_owner = :owner AND lease_until >= :now";

  private final Db db;
  private final String table;
  private final RowMapper<T> mapper;

  Leases(Db db, String table, RowMapper<T> mapper) {
    this.db = db;
    this.table = table;
    this.mapper = mapper;
  }

  static ReconcileStatus reconcileStatus(ResultSet rs) throws SQLException {
    return new ReconcileStatus(
        Sql.instant(rs, "next_attempt_at"),
        rs.getInt("attempts"),
        Sql.optionalString(rs, "lease_owner"),
        Sql.optionalInstant(rs, "lease_until"),
        Sql.optionalString(rs, "provider_ref"),
        Sql.optionalString(rs, "observed_json"));
  }

  List<Lease<T>> claimDue(
      String owner, Collection<String> states, Duration leaseFor, int limit) {
    requireOwner(owner);
    requireNonNull(leaseFor, "leaseFor");
    if (states.isEmpty()) {
      throw new IllegalArgumentException("states: empty (expected: at least one state)");
    }
    if (leaseFor.isNegative() || leaseFor.isZero()) {
      throw new IllegalArgumentException("leaseFor: " + leaseFor + " (expected: positive)");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1 or more)");
    }
    Instant now = db.now();
    Instant until = now.plus(leaseFor);
    List<String> stateList = List.copyOf(states);
    return db.write(
        h -> {
          List<UUID> claimed = new ArrayList<>();
          for (UUID id : candidates(h, stateList, now, limit)) {
            int updated =
                h.createUpdate(
                        "UPDATE " + table + " SET lease_owner = :owner, lease_until = :until,"
                            + " reconcile_requested = FALSE"
                            + " WHERE id = :id AND state IN (<states>)"
                            + " AND next_attempt_at <= :now AND " + FREE)
                    .bind("owner", owner)
                    .bind("until", until)
                    .bind("id", id)
                    .bind("now", now)
                    .bindList("states", stateList)
                    .execute();
            if (updated == 1) {
              claimed.add(id);
            }
          }
          List<Lease<T>> leases = new ArrayList<>();
          for (UUID id : claimed) {
            T row =
                h.createQuery("SELECT * FROM " + table + " WHERE id = :id")
                    .bind("id", id)
                    .map(mapper)
                    .one();
            leases.add(new Lease<>(row, owner, until));
          }
          return leases;
        });
  }

  private List<UUID> candidates(Handle h, List<String> states, Instant now, int limit) {
    String lock = db.isPostgres() ? " FOR UPDATE SKIP LOCKED" : "";
    return h.createQuery(
            "SELECT id FROM " + table + " WHERE state IN (<states>) AND next_attempt_at <= :now"
                + " AND " + FREE + " ORDER BY next_attempt_at, id"
                + " FETCH FIRST " + limit + " ROWS ONLY" + lock)
        .bindList("states", states)
        .bind("now", now)
        .mapTo(UUID.class)
        .list();
  }

  boolean renew(UUID id, String owner, Duration leaseFor) {
    requireOwner(owner);
    Instant now = db.now();
    return db.write(
        h ->
            h.createUpdate(
                    "UPDATE " + table + " SET lease_until = :until WHERE id = :id AND " + HELD)
                .bind("until", now.plus(leaseFor))
                .bind("id", id)
                .bind("owner", owner)
                .bind("now", now)
                .execute()
                == 1);
  }

  boolean release(UUID id, String owner, Instant nextAttemptAt, int attempts) {
    requireOwner(owner);
    requireAttempts(attempts);
    Instant now = db.now();
    // A user change during the lease (reconcile_requested) makes the row due at once: the
    // holder worked from the row as it was before that change. So does a lease that expired
    // during the step: the holder's state write was refused (HELD), so the next time it computed
    // belongs to an outcome that was never recorded (parking a terminating row for a day).
    return db.write(
        h ->
            h.createUpdate(
                    "UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL,"
                        + " next_attempt_at = CASE WHEN reconcile_requested OR lease_until < :now"
                        + " THEN :now"
                        + " ELSE :next END, attempts = :attempts, reconcile_requested = FALSE"
                        + " WHERE id = :id AND lease_owner = :owner")
                .bind("now", now)
                .bind("next", nextAttemptAt)
                .bind("attempts", attempts)
                .bind("id", id)
                .bind("owner", owner)
                .execute()
                == 1);
  }

  boolean updateState(
      UUID id,
      String owner,
      Optional<Long> expectedEntityVersion,
      String state,
      Optional<String> reportedStatus,
      Optional<String> reason,
      Instant nextAttemptAt,
      int attempts) {
    requireOwner(owner);
    requireNonNull(state, "state");
    requireAttempts(attempts);
    Instant now = db.now();
    // entity_version and updated_at move only when what the API shows changes: a
    // level-triggered reconciler rewrites the same state on every pass.
    String changed =
        "(state <> :state OR reported_status IS DISTINCT FROM :reported_status"
            + " OR reason IS DISTINCT FROM :reason)";
    String sql =
        "UPDATE " + table + " SET"
            + " entity_version = entity_version + CASE WHEN " + changed + " THEN 1 ELSE 0 END,"
            + " updated_at = CASE WHEN " + changed + " THEN :now ELSE updated_at END,"
            + " state = :state, reported_status = :reported_status, reason = :reason,"
            + " next_attempt_at = CASE WHEN reconcile_requested THEN :now ELSE :next END,"
            + " attempts = :attempts"
            + " WHERE id = :id AND " + HELD
            + (expectedEntityVersion.isPresent() ? " AND entity_version = :expected" : "");
    return db.write(
        h -> {
          var update = h.createUpdate(sql);
          expectedEntityVersion.ifPresent(v -> update.bind("expected", v.longValue()));
          Sql.bindOptional(update, "reported_status", reportedStatus);
          Sql.bindOptional(update, "reason", reason);
          return update
                  .bind("state", state)
                  .bind("now", now)
                  .bind("next", nextAttemptAt)
                  .bind("attempts", attempts)
                  .bind("id", id)
                  .bind("owner", owner)
                  .execute()
              == 1;
        });
  }

  boolean recordProvider(
      UUID id, String owner, Optional<String> providerRef, Optional<String> observedJson) {
    requireOwner(owner);
    Instant now = db.now();
    String sql =
        "UPDATE " + table + " SET provider_ref = :provider_ref, observed_json = :observed_json"
            + " WHERE id = :id AND " + HELD;
    return db.write(
        h -> {
          var update = h.createUpdate(sql);
          Sql.bindOptional(update, "provider_ref", providerRef);
          Sql.bindOptional(update, "observed_json", observedJson);
          return update.bind("id", id).bind("owner", owner).bind("now", now).execute() == 1;
        });
  }

  boolean deleteLeased(UUID id, String owner) {
    requireOwner(owner);
    Instant now = db.now();
    return db.write(
        h ->
            h.createUpdate("DELETE FROM " + table + " WHERE id = :id AND " + HELD)
                    .bind("id", id)
                    .bind("owner", owner)
                    .bind("now", now)
                    .execute()
                == 1);
  }

  private static void requireOwner(String owner) {
    requireNonNull(owner, "owner");
    if (owner.isBlank() || owner.length() > 255) {
      throw new IllegalArgumentException(
          "owner: '" + owner + "' (expected: 1-255 characters, not blank)");
    }
  }

  private static void requireAttempts(int attempts) {
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 0)");
    }
  }
}
