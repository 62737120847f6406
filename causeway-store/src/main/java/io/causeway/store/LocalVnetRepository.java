package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code local_vnets} table: the local provider's customer VNET registry. Keys compare
 * case-insensitively (as Azure's do); lists answer in creation order. Thread-safe; may block.
 */
public final class LocalVnetRepository {
  private final Db db;

  LocalVnetRepository(Db db) {
    this.db = db;
  }

  static LocalVnetRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new LocalVnetRow(
        Sql.uuid(rs, "id"),
        rs.getString("subscription_id"),
        rs.getString("resource_group_name"),
        rs.getString("name"),
        rs.getString("cidr"),
        rs.getString("namespace"),
        Sql.instant(rs, "created_at"));
  }

  /** The case-insensitive key a row is unique by. */
  static String lookupKey(String subscriptionId, String resourceGroupName, String name) {
    return (subscriptionId + "/" + resourceGroupName + "/" + name).toLowerCase(Locale.ROOT);
  }

  /**
   * Inserts the VNET, created now.
   *
   * @throws DuplicateKeyException a VNET with this key (in any letter case) exists
   */
  public LocalVnetRow insert(LocalVnetRow row) {
    requireNonNull(row, "row");
    Instant now = db.now();
    return db.write(
        h -> {
          h.createUpdate(
                  "INSERT INTO local_vnets (id, subscription_id, resource_group_name, name,"
                      + " lookup_key, cidr, namespace, created_at) VALUES (:id, :subscription,"
                      + " :group, :name, :key, :cidr, :namespace, :now)")
              .bind("id", row.id())
              .bind("subscription", row.subscriptionId())
              .bind("group", row.resourceGroupName())
              .bind("name", row.name())
              .bind("key", lookupKey(row.subscriptionId(), row.resourceGroupName(), row.name()))
              .bind("cidr", row.cidr())
              .bind("namespace", row.namespace())
              .bind("now", now)
              .execute();
          return h.createQuery("SELECT * FROM local_vnets WHERE id = :id")
              .bind("id", row.id())
              .map(LocalVnetRepository::map)
              .one();
        });
  }

  /** The VNET with this key, compared case-insensitively. */
  public Optional<LocalVnetRow> find(
      String subscriptionId, String resourceGroupName, String name) {
    String key = lookupKey(subscriptionId, resourceGroupName, name);
    return db.read(
        h ->
            h.createQuery("SELECT * FROM local_vnets WHERE lookup_key = :key")
                .bind("key", key)
                .map(LocalVnetRepository::map)
                .findOne());
  }

  /** Every VNET, oldest first. */
  public List<LocalVnetRow> list() {
    return db.read(
        h ->
            h.createQuery("SELECT * FROM local_vnets ORDER BY seq, id")
                .map(LocalVnetRepository::map)
                .list());
  }

  /** Deletes the VNET with this key; whether there was one. */
  public boolean delete(String subscriptionId, String resourceGroupName, String name) {
    String key = lookupKey(subscriptionId, resourceGroupName, name);
    return db.write(
        h ->
            h.createUpdate("DELETE FROM local_vnets WHERE lookup_key = :key")
                .bind("key", key)
                .execute()
            == 1);
  }

  /** Deletes every VNET (a local reset); how many there were. */
  public int deleteAll() {
    return db.write(h -> h.createUpdate("DELETE FROM local_vnets").execute());
  }
}
