package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The {@code cluster_ca} table: at most one CA per store. Replicas starting together race to
 * store theirs; {@link #storeUnlessPresent} makes them all end with the one that won.
 * Thread-safe; may block.
 */
public final class ClusterCaRepository {
  private final Db db;

  ClusterCaRepository(Db db) {
    this.db = db;
  }

  public Optional<ClusterCaRow> find() {
    return db.read(h -> h.createQuery("SELECT * FROM cluster_ca WHERE id = 1")
        .map((rs, ctx) -> new ClusterCaRow(
            rs.getString("certificate_pem"), rs.getString("key_pem"), Sql.instant(rs, "created_at")))
        .findOne());
  }

  /**
   * Stores this CA unless the store holds one already, and returns the stored one: this CA, or
   * the one another replica stored first.
   */
  public ClusterCaRow storeUnlessPresent(String certificatePem, String keyPem) {
    requireNonNull(certificatePem, "certificatePem");
    requireNonNull(keyPem, "keyPem");
    try {
      db.write(h -> h.createUpdate(
              "INSERT INTO cluster_ca (id, certificate_pem, key_pem, created_at)"
                  + " VALUES (1, :cert, :key, :now)")
          .bind("cert", certificatePem)
          .bind("key", keyPem)
          .bind("now", db.now())
          .execute());
    } catch (DuplicateKeyException present) {
      // A CA is stored already (another replica's, or one stored before): that one it is.
    }
    return find().orElseThrow(() -> new IllegalStateException("cluster_ca: no row after storing one"));
  }
}
