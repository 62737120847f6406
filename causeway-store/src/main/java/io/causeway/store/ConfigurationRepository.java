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
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code cloud_gateway_configurations} table and the networks each configuration references
 * ({@code configuration_networks}). Thread-safe; failures are {@link StoreException}s.
 */
public final class ConfigurationRepository {
  /** Fields {@link #list} filters on. */
  public static final List<String> FILTER_FIELDS = List.of("control_plane_id", "control_plane_geo");

  private static final Map<String, String> FILTER_COLUMNS =
      // Compared as text: filter values are bound as strings, and PostgreSQL has no uuid = varchar.
      Map.of("control_plane_id", "CAST(control_plane_id AS VARCHAR(36))",
          "control_plane_geo", "control_plane_geo");

  private final Db db;

  ConfigurationRepository(Db db) {
    this.db = db;
  }

  private static Bare mapBare(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Bare(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "organization_id"),
        Sql.uuid(rs, "control_plane_id"),
        rs.getString("control_plane_geo"),
        rs.getString("document"),
        rs.getLong("entity_version"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  /** A row without its network references, as one SELECT reads it. */
  private record Bare(UUID id, UUID org, UUID controlPlaneId, String geo, String document,
      long entityVersion, Instant createdAt, Instant updatedAt) {
    ConfigurationRow with(List<UUID> networks) {
      return new ConfigurationRow(id, org, controlPlaneId, geo, document, networks,
          entityVersion, createdAt, updatedAt);
    }
  }

  private static ConfigurationRow complete(Handle h, Bare bare) {
    List<UUID> networks =
        h.createQuery("SELECT network_id FROM configuration_networks WHERE configuration_id = :id")
            .bind("id", bare.id())
            .map((rs, ctx) -> Sql.uuid(rs, "network_id"))
            .list();
    return bare.with(networks);
  }

  /**
   * Creates the configuration of {@code row}'s control plane and geo, or replaces the existing
   * one's document and network references (keeping its id and creation time, bumping its entity
   * version). Returns the row as stored.
   *
   * @throws ReferenceException the control plane or a network does not exist
   */
  public ConfigurationRow upsert(ConfigurationRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          Optional<Bare> current = byControlPlane(h, row.controlPlaneId(), row.controlPlaneGeo());
          UUID id = current.map(Bare::id).orElse(row.id());
          if (current.isPresent()) {
            h.createUpdate(
                    "UPDATE cloud_gateway_configurations SET document = :document,"
                        + " entity_version = entity_version + 1, updated_at = :now WHERE id = :id")
                .bind("document", row.documentJson())
                .bind("now", now)
                .bind("id", id)
                .execute();
            h.createUpdate("DELETE FROM configuration_networks WHERE configuration_id = :id")
                .bind("id", id)
                .execute();
          } else {
            h.createUpdate(
                    "INSERT INTO cloud_gateway_configurations (id, organization_id,"
                        + " control_plane_id, control_plane_geo, document, entity_version,"
                        + " created_at, updated_at) VALUES (:id, :org, :cp, :geo, :document, 1,"
                        + " :now, :now)")
                .bind("id", id)
                .bind("org", row.organizationId())
                .bind("cp", row.controlPlaneId())
                .bind("geo", row.controlPlaneGeo())
                .bind("document", row.documentJson())
                .bind("now", now)
                .execute();
          }
          for (UUID network : row.networkIds()) {
            h.createUpdate(
                    "INSERT INTO configuration_networks (configuration_id, network_id)"
                        + " VALUES (:id, :network)")
                .bind("id", id)
                .bind("network", network)
                .execute();
          }
          return complete(h, byId(h, id).orElseThrow());
        });
  }

  private static Optional<Bare> byControlPlane(Handle h, UUID controlPlaneId, String geo) {
    return h.createQuery(
            "SELECT * FROM cloud_gateway_configurations WHERE control_plane_id = :cp"
                + " AND control_plane_geo = :geo")
        .bind("cp", controlPlaneId)
        .bind("geo", geo)
        .map(ConfigurationRepository::mapBare)
        .findOne();
  }

  private static Optional<Bare> byId(Handle h, UUID id) {
    return h.createQuery("SELECT * FROM cloud_gateway_configurations WHERE id = :id")
        .bind("id", id)
        .map(ConfigurationRepository::mapBare)
        .findOne();
  }

  public Optional<ConfigurationRow> get(UUID organizationId, UUID id) {
    return db.read(
        h -> byId(h, id).filter(b -> b.org().equals(organizationId)).map(b -> complete(h, b)));
  }

  /** The configurations of a control plane (one per geo), oldest first. */
  public List<ConfigurationRow> listByControlPlane(UUID controlPlaneId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT * FROM cloud_gateway_configurations WHERE control_plane_id = :cp"
                        + " ORDER BY created_at, id")
                .bind("cp", controlPlaneId)
                .map(ConfigurationRepository::mapBare)
                .list()
                .stream()
                .map(b -> complete(h, b))
                .toList());
  }

  /** A page of the organisation's configurations (fields: control_plane_id, control_plane_geo). */
  public Page<ConfigurationRow> list(UUID organizationId, List<Filter> filters, PageRequest page) {
    return completed(
        Paging.page(db, "cloud_gateway_configurations", "organization_id = :org",
            Map.of("org", organizationId), Sql.conditions(filters, FILTER_COLUMNS), page,
            ConfigurationRepository::mapBare));
  }

  /** A page of the configurations referencing the network, oldest first. */
  public Page<ConfigurationRow> listByNetwork(UUID networkId, PageRequest page) {
    return completed(
        Paging.page(db, "cloud_gateway_configurations",
            "id IN (SELECT configuration_id FROM configuration_networks"
                + " WHERE network_id = :network)",
            Map.of("network", networkId), Sql.conditions(List.of(), FILTER_COLUMNS), page,
            ConfigurationRepository::mapBare));
  }

  /** Reads each row's references (a reference changed in between shows its newer value). */
  private Page<ConfigurationRow> completed(Page<Bare> bare) {
    return db.read(
        h -> new Page<>(bare.items().stream().map(b -> complete(h, b)).toList(), bare.total(),
            bare.request()));
  }

  /** How many configurations reference the network. */
  public long countByNetwork(UUID networkId) {
    return db.read(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM configuration_networks WHERE network_id = :network")
                .bind("network", networkId)
                .mapTo(Long.class)
                .one());
  }
}
