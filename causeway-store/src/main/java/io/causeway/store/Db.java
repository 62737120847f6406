package io.causeway.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Where repositories get their handle: a fresh one per call from the pool, or the one handle of
 * an enclosing {@link Tx}. Every call translates JDBI's exceptions into the store's hierarchy.
 */
final class Db {
  /** Every named constraint of the schema, longest first so that prefixes never win. */
  private static final List<String> CONSTRAINTS =
      List.of(
              "organizations_name_key",
              "api_tokens_token_hash_key",
              "api_tokens_organization_fkey",
              "control_planes_organization_name_key",
              "control_planes_organization_fkey",
              "networks_organization_name_key",
              "networks_organization_fkey",
              "transit_gateways_network_name_key",
              "transit_gateways_network_fkey",
              "transit_gateways_organization_fkey",
              "core_entities_unique_key",
              "core_entities_control_plane_fkey",
              "core_entities_parent_fkey",
              "core_config_versions_control_plane_fkey",
              "join_tokens_token_hash_key",
              "join_tokens_control_plane_fkey",
              "cluster_nodes_control_plane_fkey",
              "cloud_gateway_configurations_control_plane_geo_key",
              "cloud_gateway_configurations_control_plane_fkey",
              "cloud_gateway_configurations_organization_fkey",
              "configuration_networks_configuration_fkey",
              "configuration_networks_network_fkey",
              "cloud_gateway_configurations_pkey",
              "configuration_networks_pkey",
              "core_entities_pkey",
              "core_config_versions_pkey",
              "join_tokens_pkey",
              "cluster_nodes_pkey",
              "organizations_pkey",
              "api_tokens_pkey",
              "control_planes_pkey",
              "networks_pkey",
              "transit_gateways_pkey")
          .stream()
          .sorted(Comparator.comparingInt(String::length).reversed())
          .toList();

  /**
   * SQLSTATEs meaning the database cannot serve now. 08xxx: connection exceptions (both);
   * 57P0x: PostgreSQL shutting down or starting; 53300: too many connections; H2's 90020
   * (file in use by another process), 90067 (connection broken), 90098 (closed), 90121
   * (closing).
   */
  private static final Set<String> UNAVAILABLE =
      Set.of("53300", "90020", "90067", "90098", "90121");

  /**
   * Contention a retry resolves: serialization failure or deadlock (40001, 40P01), lock wait
   * timeouts (PostgreSQL 55P03, H2 50200).
   */
  private static final Set<String> BUSY = Set.of("40001", "40P01", "55P03", "50200");

  private final Jdbi jdbi;
  private final Optional<Handle> txHandle;
  private final Clock clock;
  private final boolean postgres;
  private volatile boolean usable = true;

  private Db(Jdbi jdbi, Optional<Handle> txHandle, Clock clock, boolean postgres) {
    this.jdbi = jdbi;
    this.txHandle = txHandle;
    this.clock = clock;
    this.postgres = postgres;
  }

  static Db pooled(Jdbi jdbi, Clock clock, boolean postgres) {
    return new Db(jdbi, Optional.empty(), clock, postgres);
  }

  Db boundTo(Handle handle) {
    return new Db(jdbi, Optional.of(handle), clock, postgres);
  }

  /** Ends a transaction-bound Db: a {@link Tx} kept past its transaction must not be used. */
  void retire() {
    usable = false;
  }

  boolean isPostgres() {
    return postgres;
  }

  /** The store's clock, truncated to what the columns keep (milliseconds). */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  <T> T read(Function<Handle, T> work) {
    checkUsable();
    try {
      return txHandle.isPresent() ? work.apply(txHandle.get()) : jdbi.withHandle(work::apply);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  /** Runs {@code work} in a transaction: the enclosing one, or a new one. */
  <T> T write(Function<Handle, T> work) {
    checkUsable();
    try {
      return txHandle.isPresent()
          ? work.apply(txHandle.get())
          : jdbi.inTransaction(work::apply);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  private void checkUsable() {
    if (!usable) {
      throw new IllegalStateException("transaction already ended: use the Tx only inside it");
    }
  }

  static RuntimeException translate(RuntimeException e) {
    if (e instanceof StoreException || !(e instanceof JdbiException)) {
      return e;
    }
    Optional<SQLException> sql = Optional.empty();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return new StoreUnavailableException("store unavailable: " + t.getMessage(), e);
      }
      if (t instanceof SQLException s && sql.isEmpty()) {
        sql = Optional.of(s);
      }
    }
    String state = sql.map(SQLException::getSQLState).orElse("");
    if (state == null) {
      state = "";
    }
    if (state.equals("23505")) {
      return new DuplicateKeyException(constraintIn(sql.get()), e);
    }
    // 23503 on PostgreSQL; H2 says 23503 for "child exists" and 23506 for "parent missing".
    if (state.equals("23503") || state.equals("23506")) {
      return new ReferenceException(constraintIn(sql.get()), e);
    }
    if (UNAVAILABLE.contains(state) || state.startsWith("08") || state.startsWith("57P0")) {
      return new StoreUnavailableException("store unavailable (SQLSTATE " + state + ")", e);
    }
    if (BUSY.contains(state)) {
      return new StoreUnavailableException("store busy, retry (SQLSTATE " + state + ")", e);
    }
    // The JDBI message carries the statement and its arguments: keep it in the cause only.
    return new StoreException("store operation failed (SQLSTATE " + state + ")", e);
  }

  private static Optional<String> constraintIn(SQLException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return CONSTRAINTS.stream().filter(message::contains).findFirst();
  }
}
