package io.causeway.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code organizations}: a tenant; every other row belongs to one. */
public record OrganizationRow(UUID id, String name, Instant createdAt) {
  public OrganizationRow {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(createdAt, "createdAt");
  }

  /** A row to insert; the store stamps {@code createdAt}. */
  public static OrganizationRow create(UUID id, String name) {
    return new OrganizationRow(id, name, Instant.EPOCH);
  }
}
